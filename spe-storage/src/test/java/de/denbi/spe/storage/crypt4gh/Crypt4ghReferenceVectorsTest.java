package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.storage.crypt4gh.internal.Header;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by the reference implementation (EGA-archive/crypt4gh, Python) decrypt to the
 * exact plaintext here. The vectors in {@code src/test/resources/crypt4gh/reference} were made
 * by running the reference; its {@code README.txt} has the commit and the commands. Plaintexts
 * are not stored: byte {@code i} of each is {@code i mod 251}
 * ({@link Crypt4ghInteropMain#pattern(int)}). The opposite direction needs the reference at
 * hand: {@code src/test/interop/crypt4gh-reference-interop.sh}.
 */
class Crypt4ghReferenceVectorsTest {
  static final char[] ALICE = "spe-interop".toCharArray();
  static final char[] CAROL = "carol-pass".toCharArray();
  static final char[] DAVE = "dave-pass".toCharArray();

  static Path file(String name) {
    try {
      return Path.of(Crypt4ghReferenceVectorsTest.class
          .getResource("/crypt4gh/reference/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(file(name));
  }

  static Crypt4ghPrivateKey key(String name, char[] passphrase) {
    return Crypt4ghKeys.readPrivateKey(file(name + ".sec"), passphrase);
  }

  static Crypt4ghPublicKey publicKey(String name) {
    return Crypt4ghKeys.readPublicKey(file(name + ".pub"));
  }

  static byte[] decrypt(byte[] encrypted, Crypt4ghPrivateKey key) throws IOException {
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(encrypted), key)) {
      return in.readAllBytes();
    }
  }

  static byte[] slice(int size, int from, int length) {
    return Arrays.copyOfRange(Crypt4ghInteropMain.pattern(size), from, from + length);
  }

  @Test
  void theReferenceKeyFilesAreRead() {
    // scrypt (the reference's default KDF), none, scrypt, bcrypt
    assertThat(key("alice", ALICE).publicKey()).isEqualTo(publicKey("alice"));
    assertThat(key("bob", null).publicKey()).isEqualTo(publicKey("bob"));
    assertThat(key("carol", CAROL).publicKey()).isEqualTo(publicKey("carol"));
    assertThat(key("dave", DAVE).publicKey()).isEqualTo(publicKey("dave"));
    assertThatThrownBy(() -> key("alice", "spe-interop ".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class);
    assertThatThrownBy(() -> key("dave", ALICE)).isInstanceOf(WrongPassphraseException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_536, 65_537})
  void oneRecipientAroundTheSegmentSize(int size) throws IOException {
    byte[] enc = bytes("size-" + size + ".c4gh");
    assertThat(enc.length - 124L).isEqualTo(Crypt4gh.encryptedBodySize(size));
    assertThat(decrypt(enc, key("alice", ALICE))).isEqualTo(Crypt4ghInteropMain.pattern(size));
  }

  @Test
  void twoRecipientsEachRead() throws IOException {
    byte[] enc = bytes("two-recipients-1000.c4gh");
    assertThat(decrypt(enc, key("alice", ALICE))).isEqualTo(Crypt4ghInteropMain.pattern(1000));
    assertThat(decrypt(enc, key("bob", null))).isEqualTo(Crypt4ghInteropMain.pattern(1000));
    assertThatThrownBy(() -> decrypt(enc, key("carol", CAROL)))
        .isInstanceOf(NoMatchingKeyException.class);
  }

  @Test
  void theEditListOfReferenceRearrangeIsHonoured() throws IOException {
    // rearrange --range 131000-131100 of 140000 bytes: the first segment is dropped from the
    // file and the header says "skip 65464, keep 99" (the reference keeps end - start - 1)
    byte[] enc = bytes("edit-list-140000.c4gh");
    Header h = Header.read(new ByteArrayInputStream(enc), key("alice", ALICE));
    assertThat(h.editList()).isEqualTo(EditList.of(65_464, 99));
    assertThat(h.dataKeys()).hasSize(1);
    assertThat(enc.length - h.length()).isEqualTo(Crypt4gh.encryptedBodySize(140_000 - 65_536));
    assertThat(decrypt(enc, key("alice", ALICE))).isEqualTo(slice(140_000, 131_000, 99));
  }

  @Test
  void aReencryptedHeaderIsReadByTheNewRecipientAndTheKeptOne() throws IOException {
    // reencrypt by alice for carol, without --trim: bob's packet stays, alice's is replaced
    byte[] enc = bytes("reencrypted-1000.c4gh");
    assertThat(decrypt(enc, key("carol", CAROL))).isEqualTo(Crypt4ghInteropMain.pattern(1000));
    assertThat(decrypt(enc, key("bob", null))).isEqualTo(Crypt4ghInteropMain.pattern(1000));
    assertThatThrownBy(() -> decrypt(enc, key("alice", ALICE)))
        .isInstanceOf(NoMatchingKeyException.class);
    // the data segments were copied unchanged
    byte[] original = bytes("two-recipients-1000.c4gh");
    assertThat(Arrays.copyOfRange(enc, enc.length - 1028, enc.length))
        .isEqualTo(Arrays.copyOfRange(original, original.length - 1028, original.length));
  }

  @Test
  void aKeyProtectedWithBcryptReads() throws IOException {
    assertThat(decrypt(bytes("bcrypt-key-100.c4gh"), key("dave", DAVE)))
        .isEqualTo(Crypt4ghInteropMain.pattern(100));
  }

  @Test
  void openSshEd25519PrivateKeysReadAsTheReferenceReadsThem() throws IOException {
    // what the reference encrypted for the ssh-ed25519 public keys decrypts with the private
    // key files: unprotected, and bcrypt_pbkdf with aes256-ctr and with aes128-cbc
    byte[] enc = bytes("ssh-keys-100.c4gh");
    char[] pass = "ssh-pass".toCharArray();
    for (String name : List.of("ssh-ed25519", "ssh-ed25519-aes256ctr", "ssh-ed25519-aes128cbc")) {
      Crypt4ghPrivateKey key = Crypt4ghKeys.readPrivateKey(file(name),
          name.equals("ssh-ed25519") ? null : pass);
      assertThat(key.publicKey()).as(name)
          .isEqualTo(Crypt4ghKeys.parsePublicKey(Files.readString(file(name + ".pub"))));
      assertThat(decrypt(enc, key)).as(name).isEqualTo(Crypt4ghInteropMain.pattern(100));
    }
    assertThatThrownBy(() -> Crypt4ghKeys.readPrivateKey(file("ssh-ed25519-aes256ctr"),
        "ssh-pas".toCharArray())).isInstanceOf(WrongPassphraseException.class);
    assertThatThrownBy(() -> Crypt4ghKeys.readPrivateKey(file("ssh-ed25519-aes128cbc"), null))
        .isInstanceOf(WrongPassphraseException.class);
  }

  @Test
  void rangesOfAReferenceFile() throws IOException {
    byte[] enc = bytes("size-65537.c4gh");
    try (InputStream in = Crypt4gh.decryptRange(new ByteArrayInputStream(enc),
        key("alice", ALICE), 65_530, 7)) {
      assertThat(in.readAllBytes()).isEqualTo(slice(65_537, 65_530, 7));
    }
  }

  @Test
  void ourHeaderRewritesOfAReferenceFileDecrypt() throws IOException {
    Crypt4ghPrivateKey alice = key("alice", ALICE);
    Crypt4ghPrivateKey carol = key("carol", CAROL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Crypt4gh.withEditList(new ByteArrayInputStream(bytes("size-65537.c4gh")), out, alice,
        List.of(carol.publicKey()), EditList.of(65_530, 5, 1));
    // skip 65530, keep 5, skip 1, keep the rest (the one byte of the second segment)
    byte[] want = Arrays.copyOf(slice(65_537, 65_530, 5), 6);
    want[5] = Crypt4ghInteropMain.pattern(65_537)[65_536];
    assertThat(decrypt(out.toByteArray(), carol)).isEqualTo(want);
  }

  @Test
  void tamperedCopiesAreRejected() throws IOException {
    Crypt4ghPrivateKey alice = key("alice", ALICE);
    byte[] enc = bytes("size-65537.c4gh");

    byte[] lastSegment = enc.clone();
    lastSegment[enc.length - 17] ^= 1; // the ciphertext of the second segment's one byte
    assertThatThrownBy(() -> decrypt(lastSegment, alice)).isInstanceOfSatisfying(
        TamperedSegmentException.class, e -> assertThat(e.segment()).isEqualTo(1));

    byte[] firstSegment = enc.clone();
    firstSegment[124 + 12 + 1000] ^= (byte) 0x80;
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(firstSegment), alice)) {
      assertThatThrownBy(() -> in.read()).isInstanceOf(TamperedSegmentException.class);
    }

    byte[] tag = enc.clone();
    tag[124 + Crypt4gh.CIPHER_SEGMENT_SIZE - 1] ^= 1; // the first segment's tag
    assertThatThrownBy(() -> decrypt(tag, alice)).isInstanceOf(TamperedSegmentException.class);

    byte[] truncated = Arrays.copyOf(enc, enc.length - 1);
    assertThatThrownBy(() -> decrypt(truncated, alice))
        .isInstanceOf(TamperedSegmentException.class);

    byte[] header = enc.clone();
    header[16 + 4 + 4 + 32 + 12 + 3] ^= 1; // inside the encrypted data key packet
    assertThatThrownBy(() -> decrypt(header, alice)).isInstanceOf(NoMatchingKeyException.class);

    byte[] magic = enc.clone();
    magic[0] = 'C';
    assertThatThrownBy(() -> decrypt(magic, alice)).isInstanceOf(Crypt4ghFormatException.class);

    byte[] edited = bytes("edit-list-140000.c4gh");
    edited[edited.length - 100] ^= 4; // the kept 99 bytes straddle both remaining segments
    assertThatThrownBy(() -> decrypt(edited, alice)).isInstanceOf(TamperedSegmentException.class);
  }
}
