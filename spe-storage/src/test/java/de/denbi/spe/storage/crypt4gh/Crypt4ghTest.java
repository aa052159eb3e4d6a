package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.storage.crypt4gh.internal.X25519;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crypt4GH streams: round trips, several readers, tampering, wrong keys, edit lists, re-headers. */
class Crypt4ghTest {
  static final Crypt4ghPrivateKey ALICE = Crypt4ghPrivateKey.generate();
  static final Crypt4ghPrivateKey BOB = Crypt4ghPrivateKey.generate();
  static final Crypt4ghPrivateKey EVE = Crypt4ghPrivateKey.generate();

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] encrypt(byte[] plain, Crypt4ghPublicKey... recipients) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Crypt4gh.encrypt(new ByteArrayInputStream(plain), out, List.of(recipients));
    return out.toByteArray();
  }

  static byte[] decrypt(byte[] enc, Crypt4ghPrivateKey key) throws IOException {
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(enc), key)) {
      return in.readAllBytes();
    }
  }

  static int headerLength(int recipients, int editListLengths) {
    int dataKeyPacket = 4 + 4 + 32 + 12 + 40 + 16;
    int editPacket = editListLengths < 0 ? 0 : 4 + 4 + 32 + 12 + 8 + 8 * editListLengths + 16;
    return 16 + recipients * (dataKeyPacket + editPacket);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 3 * 65_536 + 17})
  void roundTripsAndHasTheSpecifiedSize(int size) throws IOException {
    byte[] plain = random(size, size);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    assertThat(enc.length).isEqualTo(headerLength(1, -1) + Crypt4gh.encryptedBodySize(size));
    assertThat(Arrays.copyOf(enc, 8)).isEqualTo("crypt4gh".getBytes());
    assertThat(decrypt(enc, ALICE)).isEqualTo(plain);
  }

  @Test
  void segmentsUseFreshNoncesSoEqualPlaintextGivesDifferentCiphertext() {
    byte[] plain = new byte[2 * 65_536];
    byte[] a = encrypt(plain, ALICE.publicKey());
    byte[] b = encrypt(plain, ALICE.publicKey());
    assertThat(a).isNotEqualTo(b);
    int h = headerLength(1, -1);
    byte[] seg0 = Arrays.copyOfRange(a, h, h + Crypt4gh.CIPHER_SEGMENT_SIZE);
    byte[] seg1 = Arrays.copyOfRange(a, h + Crypt4gh.CIPHER_SEGMENT_SIZE, a.length);
    assertThat(seg0).isNotEqualTo(seg1);
  }

  @Test
  void everyRecipientReadsAndOthersGetNoMatchingKey() throws IOException {
    byte[] plain = random(100_000, 7);
    byte[] enc = encrypt(plain, ALICE.publicKey(), BOB.publicKey());
    assertThat(decrypt(enc, ALICE)).isEqualTo(plain);
    assertThat(decrypt(enc, BOB)).isEqualTo(plain);
    assertThatThrownBy(() -> decrypt(enc, EVE))
        .isInstanceOf(NoMatchingKeyException.class)
        .hasMessageContaining(EVE.publicKey().base64())
        .satisfies(e -> assertThat(((NoMatchingKeyException) e).packets()).isEqualTo(2));
  }

  @Test
  void aTamperedSegmentIsRejectedWithItsIndexAndNothingOfItIsReturned() throws IOException {
    byte[] plain = random(3 * 65_536, 9);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    int h = headerLength(1, -1);
    enc[h + Crypt4gh.CIPHER_SEGMENT_SIZE + 100] ^= 1; // a ciphertext byte of segment 1
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    assertThatThrownBy(() -> {
      try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(enc), ALICE)) {
        in.transferTo(got);
      }
    }).isInstanceOf(TamperedSegmentException.class)
        .satisfies(e -> assertThat(((TamperedSegmentException) e).segment()).isEqualTo(1));
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(plain, 65_536));
  }

  @Test
  void aTamperedNonceOrTagIsRejected() {
    byte[] plain = random(1000, 10);
    int h = headerLength(1, -1);
    byte[] nonce = encrypt(plain, ALICE.publicKey());
    nonce[h] ^= 0x40;
    assertThatThrownBy(() -> decrypt(nonce, ALICE)).isInstanceOf(TamperedSegmentException.class);
    byte[] tag = encrypt(plain, ALICE.publicKey());
    tag[tag.length - 1] ^= 1;
    assertThatThrownBy(() -> decrypt(tag, ALICE)).isInstanceOf(TamperedSegmentException.class);
  }

  @Test
  void aStreamTruncatedInsideASegmentIsRejected() {
    byte[] enc = encrypt(random(70_000, 11), ALICE.publicKey());
    byte[] cut = Arrays.copyOf(enc, enc.length - 10);
    assertThatThrownBy(() -> decrypt(cut, ALICE))
        .isInstanceOf(TamperedSegmentException.class)
        .satisfies(e -> assertThat(((TamperedSegmentException) e).segment()).isEqualTo(1));
    byte[] stub = Arrays.copyOf(enc, headerLength(1, -1) + 20);
    assertThatThrownBy(() -> decrypt(stub, ALICE)).isInstanceOf(TamperedSegmentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aTamperedHeaderPacketNoLongerOpens() {
    byte[] enc = encrypt(random(10, 12), ALICE.publicKey());
    enc[16 + 60] ^= 1; // inside the encrypted packet payload
    assertThatThrownBy(() -> decrypt(enc, ALICE)).isInstanceOf(NoMatchingKeyException.class);
  }

  @Test
  void whatIsNotCrypt4ghIsAFormatError() {
    assertThatThrownBy(() -> decrypt("hello, this is no crypt4gh".getBytes(), ALICE))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("magic");
    byte[] enc = encrypt(new byte[1], ALICE.publicKey());
    enc[8] = 2;
    assertThatThrownBy(() -> decrypt(enc, ALICE))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("version 2");
    byte[] cut = Arrays.copyOf(encrypt(new byte[1], ALICE.publicKey()), 50);
    assertThatThrownBy(() -> decrypt(cut, ALICE))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("truncated");
  }

  @Test
  void noRecipientsIsRefused() {
    assertThatThrownBy(() -> Crypt4gh.encrypt(InputStream.nullInputStream(), List.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void editListsKeepOnlyTheirRangesAcrossSegments() throws IOException {
    byte[] plain = random(5 * 65_536 + 123, 13);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    // skip 70,000, keep 100,000, skip 65,536, keep 10 (the rest dropped)
    EditList el = EditList.of(70_000, 100_000, 65_536, 10);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Crypt4gh.withEditList(new ByteArrayInputStream(enc), out, ALICE, List.of(BOB.publicKey()), el);
    byte[] edited = out.toByteArray();
    assertThat(edited.length).isEqualTo(headerLength(1, 4) + Crypt4gh.encryptedBodySize(plain.length));
    byte[] expected = new byte[100_010];
    System.arraycopy(plain, 70_000, expected, 0, 100_000);
    System.arraycopy(plain, 235_536, expected, 100_000, 10);
    assertThat(decrypt(edited, BOB)).isEqualTo(expected);
    assertThatThrownBy(() -> decrypt(edited, ALICE)).isInstanceOf(NoMatchingKeyException.class);

    // an odd number of lengths: after the last skip everything is kept
    out.reset();
    Crypt4gh.withEditList(new ByteArrayInputStream(enc), out, ALICE, List.of(BOB.publicKey()),
        EditList.of(0, 5, 200_000));
    byte[] odd = decrypt(out.toByteArray(), BOB);
    byte[] want = new byte[5 + plain.length - 200_005];
    System.arraycopy(plain, 0, want, 0, 5);
    System.arraycopy(plain, 200_005, want, 5, plain.length - 200_005);
    assertThat(odd).isEqualTo(want);
  }

  @Test
  void transferToGivesTheSameBytesAsReadingWithEditLists() throws IOException {
    byte[] plain = random(4 * 65_536 + 3, 18);
    for (EditList el : List.of(EditList.of(1, 65_536, 70_000, 5), EditList.of(200_000),
        EditList.of(0, 0, 10))) {
      byte[] enc = Crypt4gh.encrypt(new ByteArrayInputStream(plain), List.of(ALICE.publicKey()),
          BOB, el).readAllBytes();
      byte[] read;
      try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(enc), ALICE)) {
        read = in.readAllBytes();
      }
      ByteArrayOutputStream transferred = new ByteArrayOutputStream();
      Crypt4gh.decrypt(new ByteArrayInputStream(enc), transferred, ALICE);
      assertThat(transferred.toByteArray()).as(el.toString()).isEqualTo(read);
    }
    ByteArrayOutputStream viaTransfer = new ByteArrayOutputStream();
    Crypt4gh.encrypt(new ByteArrayInputStream(plain), List.of(ALICE.publicKey())).transferTo(viaTransfer);
    assertThat(decrypt(viaTransfer.toByteArray(), ALICE)).isEqualTo(plain);
  }

  @Test
  void editListWrittenAtEncryptionIsHonoured() throws IOException {
    byte[] plain = random(200_000, 14);
    InputStream enc = Crypt4gh.encrypt(new ByteArrayInputStream(plain), List.of(ALICE.publicKey()),
        BOB, EditList.of(65_530, 12));
    byte[] got = decrypt(enc.readAllBytes(), ALICE);
    assertThat(got).isEqualTo(Arrays.copyOfRange(plain, 65_530, 65_542));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 65_535, 65_536, 65_537, 131_071, 199_999})
  void rangesDecryptOnlyWhatIsAsked(long offset) throws IOException {
    byte[] plain = random(200_000, 15);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    try (InputStream in = Crypt4gh.decryptRange(new ByteArrayInputStream(enc), ALICE, offset, 70_000)) {
      int end = (int) Math.min(plain.length, offset + 70_000);
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(plain, (int) offset, end));
    }
    try (InputStream in = Crypt4gh.decryptRange(new ByteArrayInputStream(enc), ALICE, offset, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(plain, (int) offset, plain.length));
    }
  }

  @Test
  void reencryptingTheHeaderLeavesTheDataSegmentsUntouched() throws IOException {
    byte[] plain = random(150_000, 16);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = Crypt4gh.reencryptHeader(new ByteArrayInputStream(enc), out, ALICE,
        List.of(BOB.publicKey()));
    byte[] re = out.toByteArray();
    assertThat(n).isEqualTo(re.length);
    int h = headerLength(1, -1);
    assertThat(Arrays.copyOfRange(re, h, re.length)).isEqualTo(Arrays.copyOfRange(enc, h, enc.length));
    assertThat(Arrays.copyOf(re, h)).isNotEqualTo(Arrays.copyOf(enc, h));
    assertThat(decrypt(re, BOB)).isEqualTo(plain);
    assertThatThrownBy(() -> decrypt(re, ALICE)).isInstanceOf(NoMatchingKeyException.class);
    assertThatThrownBy(() -> Crypt4gh.reencryptHeader(new ByteArrayInputStream(enc),
        new ByteArrayOutputStream(), EVE, List.of(EVE.publicKey())))
        .isInstanceOf(NoMatchingKeyException.class);
  }

  @Test
  void addingARecipientKeepsTheExistingOnes() throws IOException {
    byte[] plain = random(70_000, 17);
    byte[] enc = encrypt(plain, ALICE.publicKey());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Crypt4gh.addRecipients(new ByteArrayInputStream(enc), out, ALICE, List.of(BOB.publicKey()));
    byte[] both = out.toByteArray();
    assertThat(both.length).isEqualTo(enc.length + headerLength(1, -1) - 16);
    assertThat(decrypt(both, ALICE)).isEqualTo(plain);
    assertThat(decrypt(both, BOB)).isEqualTo(plain);
  }

  @Test
  void x25519FollowsRfc7748() {
    HexFormat hex = HexFormat.of();
    byte[] aliceSk = hex.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bobSk = hex.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    Crypt4ghPrivateKey a = Crypt4ghPrivateKey.of(aliceSk);
    Crypt4ghPrivateKey b = Crypt4ghPrivateKey.of(bobSk);
    assertThat(hex.formatHex(a.publicKey().bytes()))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(hex.formatHex(b.publicKey().bytes()))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    assertThat(hex.formatHex(X25519.dh(aliceSk, b.publicKey().bytes())))
        .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  }

  @Test
  void privateKeysDoNotShowTheirSecret() {
    String secretHex = HexFormat.of().formatHex(ALICE.secretBytes());
    String secretB64 = java.util.Base64.getEncoder().encodeToString(ALICE.secretBytes());
    assertThat(ALICE.toString()).doesNotContain(secretHex).doesNotContain(secretB64)
        .contains(ALICE.publicKey().base64());
  }
}
