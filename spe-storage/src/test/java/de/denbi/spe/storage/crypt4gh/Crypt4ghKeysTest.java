package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files in the c4gh-v1 format and keys from the LS Login crypt4ghPublicKeys claim. */
class Crypt4ghKeysTest {
  @TempDir Path tmp;

  @Test
  void passphraseProtectedKeyFilesRoundTripWithScrypt() throws Exception {
    Crypt4ghPrivateKey key = Crypt4ghPrivateKey.generate();
    Path file = tmp.resolve("alice.sec");
    Crypt4ghKeys.writePrivateKey(key, "correct horse".toCharArray(), "alice@spe", file);
    String text = Files.readString(file);
    assertThat(text).startsWith("-----BEGIN CRYPT4GH ENCRYPTED PRIVATE KEY-----\n")
        .endsWith("-----END CRYPT4GH ENCRYPTED PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    byte[] body = Base64.getMimeDecoder().decode(text.lines().filter(l -> !l.startsWith("-----"))
        .reduce("", String::concat));
    String layout = new String(body, StandardCharsets.ISO_8859_1);
    assertThat(layout).startsWith("c4gh-v1\0\6scrypt\0\24\0\0\0\0")
        .contains("\0\21chacha20_poly1305\0\74").endsWith("\0\11alice@spe");
    assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(key.secretBytes()));

    Crypt4ghPrivateKey back = Crypt4ghKeys.readPrivateKey(file, "correct horse".toCharArray());
    assertThat(back.secretBytes()).isEqualTo(key.secretBytes());
    assertThatThrownBy(() -> Crypt4ghKeys.readPrivateKey(file, "wrong".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("alice.sec");
    assertThatThrownBy(() -> Crypt4ghKeys.readPrivateKey(file, null))
        .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("no passphrase");
  }

  @Test
  void unprotectedKeyFiles() {
    Crypt4ghPrivateKey key = Crypt4ghPrivateKey.generate();
    String text = Crypt4ghKeys.formatPrivateKey(key, null, null);
    assertThat(text).startsWith("-----BEGIN CRYPT4GH PRIVATE KEY-----");
    assertThat(Crypt4ghKeys.parsePrivateKey(text, null, "k").publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void aKnownPassphraseProtectedKeyFileOpens() {
    // written by the independent implementation in src/test/resources/crypt4gh (scrypt on
    // OpenSSL's hashlib, ChaCha20-Poly1305 from python3-cryptography), passphrase "spe"
    String file = """
        -----BEGIN CRYPT4GH ENCRYPTED PRIVATE KEY-----
        YzRnaC12MQAGc2NyeXB0ABQAAAAAFlabG66qo3SAl+UYUK0b9AARY2hhY2hhMjBfcG9seTEzMDUA
        PIa8zxHpBG2ZZVCJSfsu3T8qApuC1ZX3o8vEIZT/bOhPB5KTw357aQJVE7YhRbcprWJlYRWBKr1l
        yiJjTQ==
        -----END CRYPT4GH ENCRYPTED PRIVATE KEY-----
        """;
    Crypt4ghPrivateKey key = Crypt4ghKeys.parsePrivateKey(file, "spe".toCharArray(), "kat");
    assertThat(key.publicKey().base64()).isEqualTo(KAT_PUBLIC);
  }

  static final String KAT_PUBLIC = "73Lyj2mfqxtSUh5ob1rk/dnFqeUKTgkf3o6IoJK3cDk=";

  @Test
  void theKdfsGiveTheKnownAnswersOfTheGoReferenceImplementation() {
    // password "password", salt 01020304 x 4, 4 rounds, 32 bytes: the values of the KDF test of
    // ELIXIR Norway's Go implementation (scrypt and bcrypt_pbkdf as golang.org/x/crypto and
    // github.com/dchest/bcrypt_pbkdf compute them)
    byte[] salt = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
    assertThat(HexFormat.of().formatHex(de.denbi.spe.storage.crypt4gh.internal.BcryptPbkdf
        .derive("password".getBytes(StandardCharsets.US_ASCII), salt, 4, 32)))
        .isEqualTo("f89795089a19a4f990a30ea1563cac4fa7e4655aea290219e88902a3125c351b");
    assertThat(HexFormat.of().formatHex(org.bouncycastle.crypto.generators.SCrypt.generate(
        "password".getBytes(StandardCharsets.US_ASCII), salt, 1 << 14, 8, 1, 32)))
        .isEqualTo("1ac7b37b2173dcc95dd158c880e6de2caed7fcb0530ba86d343497b6cf6cd71f");
  }

  @Test
  void bcryptProtectedKeyFilesOpen() {
    Crypt4ghPrivateKey key = Crypt4ghPrivateKey.generate();
    byte[] salt = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
    byte[] derived = de.denbi.spe.storage.crypt4gh.internal.BcryptPbkdf.derive(
        "old secret".getBytes(StandardCharsets.UTF_8), salt, 16, 32);
    byte[] data = new byte[12 + 32 + 16];
    de.denbi.spe.storage.crypt4gh.internal.Aead.randomNonce(data, 0);
    new de.denbi.spe.storage.crypt4gh.internal.Aead().seal(derived, key.secretBytes(), 0, 32, data, 0);
    byte[] body = concat("c4gh-v1".getBytes(), str("bcrypt"), str(concat(new byte[] {0, 0, 0, 16}, salt)),
        str("chacha20_poly1305"), str(data));
    String text = "-----BEGIN CRYPT4GH ENCRYPTED PRIVATE KEY-----\n"
        + Base64.getEncoder().encodeToString(body) + "\n-----END CRYPT4GH ENCRYPTED PRIVATE KEY-----\n";
    assertThat(Crypt4ghKeys.parsePrivateKey(text, "old secret".toCharArray(), "old.sec").publicKey())
        .isEqualTo(key.publicKey());
    assertThatThrownBy(() -> Crypt4ghKeys.parsePrivateKey(text, "wrong".toCharArray(), "old.sec"))
        .isInstanceOf(WrongPassphraseException.class);
  }

  @Test
  void malformedKeyFilesAreFormatErrors() {
    assertThatThrownBy(() -> Crypt4ghKeys.parsePrivateKey("nothing", null, "x"))
        .isInstanceOf(Crypt4ghFormatException.class);
    String wrongMagic = "-----BEGIN CRYPT4GH PRIVATE KEY-----\n"
        + Base64.getEncoder().encodeToString("openssh-key-v1".getBytes())
        + "\n-----END CRYPT4GH PRIVATE KEY-----\n";
    assertThatThrownBy(() -> Crypt4ghKeys.parsePrivateKey(wrongMagic, null, "x"))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("c4gh-v1");
    assertThatThrownBy(() -> Crypt4ghKeys.parsePublicKey("AAAA"))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("expected 32");
  }

  @Test
  void publicKeyFilesRoundTrip() {
    Crypt4ghPublicKey pk = Crypt4ghPrivateKey.generate().publicKey();
    Path file = tmp.resolve("a.pub");
    Crypt4ghKeys.writePublicKey(pk, file);
    assertThat(Crypt4ghKeys.readPublicKey(file)).isEqualTo(pk);
  }

  @Test
  void theLsLoginClaimIsParsedInEveryForm() {
    Crypt4ghPublicKey a = Crypt4ghPrivateKey.generate().publicKey();
    Crypt4ghPublicKey b = Crypt4ghPrivateKey.generate().publicKey();
    String pemA = Crypt4ghKeys.formatPublicKey(a);
    String pemB64 = Base64.getEncoder().encodeToString(Crypt4ghKeys.formatPublicKey(b).getBytes());
    // a JSON array as parsed by a JWT library: PEM text and base64 of the PEM text
    assertThat(Crypt4ghKeys.publicKeysFromClaim(List.of(pemA, pemB64))).containsExactly(a, b);
    // bare base64 keys, duplicates dropped
    assertThat(Crypt4ghKeys.publicKeysFromClaim(List.of(a.base64(), b.base64(), a.base64())))
        .containsExactly(a, b);
    // the claim as a JSON string, as a single PEM string with two keys, and newline-separated
    assertThat(Crypt4ghKeys.publicKeysFromClaim("[\"" + a.base64() + "\", \"" + b.base64() + "\"]"))
        .containsExactly(a, b);
    assertThat(Crypt4ghKeys.publicKeysFromClaim(pemA + Crypt4ghKeys.formatPublicKey(b)))
        .containsExactly(a, b);
    assertThat(Crypt4ghKeys.publicKeysFromClaim(a.base64() + "\n" + b.base64())).containsExactly(a, b);
    assertThat(Crypt4ghKeys.publicKeysFromClaim(null)).isEmpty();
    assertThatThrownBy(() -> Crypt4ghKeys.publicKeysFromClaim(List.of(a.base64(), "bm90IGEga2V5")))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("entry 1");
    assertThatThrownBy(() -> Crypt4ghKeys.publicKeysFromClaim(42))
        .isInstanceOf(Crypt4ghFormatException.class).hasMessageContaining("Integer");
  }

  @Test
  void sshEd25519KeysAreConvertedToX25519() {
    // the Ed25519 public key of RFC 8032 test 1; its X25519 form u = (1 + y) / (1 - y) mod p
    // was computed separately (Python integers)
    byte[] ed = HexFormat.of().parseHex(
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] blob = concat(sshStr("ssh-ed25519".getBytes()), sshStr(ed));
    Crypt4ghPublicKey k = Crypt4ghKeys.parsePublicKey(
        "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob) + " someone@example.org");
    assertThat(k).isEqualTo(Crypt4ghPublicKey.fromEd25519(ed));
    assertThat(HexFormat.of().formatHex(k.bytes())).isEqualTo(ED_AS_X25519);
  }

  static final String ED_AS_X25519 = "d85e07ec22b0ad881537c2f44d662d1a143cf830c57aca4305d85c7a90f6b62e";

  static byte[] str(String s) {
    return str(s.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] str(byte[] b) {
    return concat(new byte[] {(byte) (b.length >> 8), (byte) b.length}, b);
  }

  static byte[] sshStr(byte[] b) {
    return concat(new byte[] {0, 0, (byte) (b.length >> 8), (byte) b.length}, b);
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
