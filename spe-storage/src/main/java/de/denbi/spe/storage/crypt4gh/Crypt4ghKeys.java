package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.storage.crypt4gh.internal.Aead;
import de.denbi.spe.storage.crypt4gh.internal.BcryptPbkdf;
import de.denbi.spe.storage.crypt4gh.internal.OpenSshKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Crypt4GH key files as the reference {@code crypt4gh-keygen} writes them, and public keys from
 * the LS Login {@code crypt4ghPublicKeys} claim.
 *
 * <ul>
 *   <li>Public key file: {@code -----BEGIN CRYPT4GH PUBLIC KEY-----}, base64 of the 32 bytes.</li>
 *   <li>Private key file: {@code -----BEGIN CRYPT4GH ENCRYPTED PRIVATE KEY-----} (or
 *       {@code PRIVATE KEY} without passphrase; the reference writes {@code PRIVATE KEY} in both
 *       cases, and both are read), base64 of {@code c4gh-v1}, KDF name and options,
 *       cipher name, the (encrypted) key and an optional comment. Reading supports the KDFs
 *       {@code scrypt} (N=2^14, r=8, p=1; what {@code crypt4gh-keygen} writes), {@code bcrypt}
 *       (OpenBSD's bcrypt_pbkdf with the file's rounds), {@code pbkdf2_hmac_sha256} and
 *       {@code none}; writing uses {@code scrypt} with {@code chacha20_poly1305}.</li>
 *   <li>OpenSSH {@code ssh-ed25519} keys, as the reference implementation takes them: a public
 *       key line ({@link #parsePublicKey(String)}) and the private key file
 *       ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, unprotected or protected with
 *       {@code bcrypt} and AES-CTR/CBC, what {@code ssh-keygen -t ed25519} writes), both
 *       converted to X25519 as libsodium does.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class Crypt4ghKeys {
  private static final byte[] MAGIC = "c4gh-v1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern ARMOR = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

  private Crypt4ghKeys() {}

  /**
   * Reads a public key file (the armored form, or a bare base64 line).
   *
   * @param file the file
   * @return the key
   */
  public static Crypt4ghPublicKey readPublicKey(Path file) {
    return parsePublicKey(readString(file));
  }

  /**
   * Parses a public key: the armored file content, a bare base64 string of the 32 bytes, base64
   * of the armored text, or an OpenSSH {@code ssh-ed25519} line (converted to X25519 as the
   * reference implementation does).
   *
   * @param text the text
   * @return the key
   * @throws Crypt4ghFormatException if the text is none of these
   */
  public static Crypt4ghPublicKey parsePublicKey(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw new Crypt4ghFormatException("an empty Crypt4GH public key");
    }
    Matcher m = ARMOR.matcher(t);
    if (m.find()) {
      if (!m.group(1).equals("CRYPT4GH PUBLIC KEY")) {
        throw new Crypt4ghFormatException("expected a CRYPT4GH PUBLIC KEY, found a " + m.group(1));
      }
      return Crypt4ghPublicKey.of(base64(m.group(2), "the public key"));
    }
    if (t.startsWith("ssh-ed25519 ")) {
      String[] parts = t.split("\\s+");
      ByteBuffer b = ByteBuffer.wrap(base64(parts[1], "the ssh-ed25519 key"));
      String type = new String(sshString(b), StandardCharsets.US_ASCII);
      byte[] pk = sshString(b);
      if (!type.equals("ssh-ed25519") || pk.length != 32) {
        throw new Crypt4ghFormatException("a malformed ssh-ed25519 public key");
      }
      return Crypt4ghPublicKey.fromEd25519(pk);
    }
    byte[] raw = base64(t, "the public key");
    if (raw.length == 32) {
      return Crypt4ghPublicKey.of(raw);
    }
    String inner = new String(raw, StandardCharsets.UTF_8);
    if (inner.contains("-----BEGIN ")) {
      return parsePublicKey(inner);
    }
    throw new Crypt4ghFormatException("not a Crypt4GH public key (" + raw.length
        + " bytes after base64, expected 32)");
  }

  /**
   * Parses the value of the LS Login {@code crypt4ghPublicKeys} claim: a list of keys (a JSON
   * array as a {@link Collection}, a JSON array string, or one string), each key in one of the
   * forms {@link #parsePublicKey(String)} accepts. Duplicates are dropped.
   *
   * @param claimValue the claim's value as a JWT/userinfo parser returns it
   * @return the keys, in claim order
   * @throws Crypt4ghFormatException if an entry is not a key
   */
  public static List<Crypt4ghPublicKey> publicKeysFromClaim(Object claimValue) {
    List<String> entries = new ArrayList<>();
    if (claimValue == null) {
      return List.of();
    } else if (claimValue instanceof Collection<?> c) {
      for (Object o : c) {
        if (o != null) {
          entries.add(o.toString());
        }
      }
    } else if (claimValue instanceof String s) {
      String t = s.strip();
      if (t.startsWith("[")) {
        try {
          for (var n : de.denbi.spe.core.json.SpeJson.mapper().readTree(t)) {
            entries.add(n.asText());
          }
        } catch (IOException e) {
          throw new Crypt4ghFormatException("the crypt4ghPublicKeys claim is not a JSON array", e);
        }
      } else if (t.contains("-----BEGIN ")) {
        Matcher m = ARMOR.matcher(t);
        while (m.find()) {
          entries.add(m.group());
        }
      } else {
        for (String line : t.split("[\\r\\n,]+")) {
          if (!line.isBlank()) {
            entries.add(line);
          }
        }
      }
    } else {
      throw new Crypt4ghFormatException("the crypt4ghPublicKeys claim is a "
          + claimValue.getClass().getSimpleName() + ", expected a list of strings");
    }
    List<Crypt4ghPublicKey> keys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Crypt4ghPublicKey k;
      try {
        k = parsePublicKey(entries.get(i));
      } catch (Crypt4ghFormatException e) {
        throw new Crypt4ghFormatException("entry " + i + " of the crypt4ghPublicKeys claim: "
            + e.getMessage(), e);
      }
      if (!keys.contains(k)) {
        keys.add(k);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Formats a public key file's content.
   *
   * @param key the key
   * @return the armored text
   */
  public static String formatPublicKey(Crypt4ghPublicKey key) {
    return "-----BEGIN CRYPT4GH PUBLIC KEY-----\n" + key.base64()
        + "\n-----END CRYPT4GH PUBLIC KEY-----\n";
  }

  /**
   * Writes a public key file.
   *
   * @param key the key
   * @param file the file (replaced)
   */
  public static void writePublicKey(Crypt4ghPublicKey key, Path file) {
    try {
      Files.writeString(file, formatPublicKey(key), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new LocalIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a private key file: a Crypt4GH key file, or an OpenSSH {@code ssh-ed25519} private
   * key file (which decrypts what was encrypted for its {@code ssh-ed25519} public key).
   *
   * @param file the file
   * @param passphrase the passphrase (may be null or empty for an unprotected key)
   * @return the key
   * @throws WrongPassphraseException if the passphrase does not open the key
   * @throws Crypt4ghFormatException if the file is not a Crypt4GH or ssh-ed25519 private key
   */
  public static Crypt4ghPrivateKey readPrivateKey(Path file, char[] passphrase) {
    return parsePrivateKey(readString(file), passphrase, file.getFileName().toString());
  }

  /**
   * Parses a private key file's content (Crypt4GH or OpenSSH {@code ssh-ed25519}).
   *
   * @param text the armored text
   * @param passphrase the passphrase (may be null for an unprotected key)
   * @param source a name for messages
   * @return the key
   */
  public static Crypt4ghPrivateKey parsePrivateKey(String text, char[] passphrase, String source) {
    Matcher m = ARMOR.matcher(text == null ? "" : text);
    boolean armored = m.find();
    if (armored && m.group(1).equals("OPENSSH PRIVATE KEY")) {
      byte[] pw = utf8(passphrase == null ? new char[0] : passphrase);
      byte[] secret = OpenSshKey.x25519Secret(base64(m.group(2), source), pw, source);
      Arrays.fill(pw, (byte) 0);
      try {
        return Crypt4ghPrivateKey.of(secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    if (!armored || !m.group(1).startsWith("CRYPT4GH ")
        || !m.group(1).endsWith("PRIVATE KEY")) {
      throw new Crypt4ghFormatException(source + " is not a Crypt4GH private key file"
          + " (no CRYPT4GH PRIVATE KEY or OPENSSH PRIVATE KEY armor)");
    }
    ByteBuffer b = ByteBuffer.wrap(base64(m.group(2), source));
    byte[] magic = new byte[MAGIC.length];
    if (b.remaining() < magic.length) {
      throw new Crypt4ghFormatException(source + " is truncated");
    }
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new Crypt4ghFormatException(source + " is not a c4gh-v1 private key");
    }
    String kdf = ascii(string(b));
    byte[] kdfOptions = kdf.equals("none") ? new byte[0] : string(b);
    String cipherName = ascii(string(b));
    byte[] data = string(b);
    if (kdf.equals("none")) {
      if (!cipherName.equals("none") || data.length != 32) {
        throw new Crypt4ghFormatException(source + ": an unprotected key must have cipher none"
            + " and 32 key bytes");
      }
      return Crypt4ghPrivateKey.of(data);
    }
    if (!cipherName.equals("chacha20_poly1305")) {
      throw new Crypt4ghFormatException(source + ": unsupported key cipher " + cipherName);
    }
    if (kdfOptions.length < 4 || data.length != Aead.NONCE + 32 + Aead.TAG) {
      throw new Crypt4ghFormatException(source + ": malformed KDF options or key data");
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new WrongPassphraseException(source + " (protected, but no passphrase given)");
    }
    int rounds = ByteBuffer.wrap(kdfOptions).getInt();
    byte[] salt = Arrays.copyOfRange(kdfOptions, 4, kdfOptions.length);
    byte[] derived = derive(kdf, passphrase, salt, rounds, source);
    byte[] secret = new byte[32];
    int n = new Aead().open(derived, data, 0, data.length, secret, 0);
    Arrays.fill(derived, (byte) 0);
    if (n != 32) {
      throw new WrongPassphraseException(source);
    }
    try {
      return Crypt4ghPrivateKey.of(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Formats a private key file's content: passphrase-protected with scrypt and
   * chacha20_poly1305 as {@code crypt4gh-keygen} does, or unprotected when the passphrase is
   * null or empty.
   *
   * @param key the key
   * @param passphrase the passphrase, or null
   * @param comment a comment stored in the file, or null
   * @return the armored text
   */
  public static String formatPrivateKey(Crypt4ghPrivateKey key, char[] passphrase, String comment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    byte[] secret = key.secretBytes();
    boolean protect = passphrase != null && passphrase.length > 0;
    if (protect) {
      byte[] salt = Aead.random(16);
      byte[] derived = derive("scrypt", passphrase, salt, 0, "the new key");
      byte[] data = new byte[Aead.NONCE + 32 + Aead.TAG];
      Aead.randomNonce(data, 0);
      new Aead().seal(derived, secret, 0, 32, data, 0);
      Arrays.fill(derived, (byte) 0);
      putString(out, "scrypt".getBytes(StandardCharsets.US_ASCII));
      putString(out, ByteBuffer.allocate(20).putInt(0).put(salt).array());
      putString(out, "chacha20_poly1305".getBytes(StandardCharsets.US_ASCII));
      putString(out, data);
    } else {
      putString(out, "none".getBytes(StandardCharsets.US_ASCII));
      putString(out, "none".getBytes(StandardCharsets.US_ASCII));
      putString(out, secret);
    }
    Arrays.fill(secret, (byte) 0);
    if (comment != null && !comment.isEmpty()) {
      putString(out, comment.getBytes(StandardCharsets.UTF_8));
    }
    String label = protect ? "CRYPT4GH ENCRYPTED PRIVATE KEY" : "CRYPT4GH PRIVATE KEY";
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(out.toByteArray())
        + "\n-----END " + label + "-----\n";
  }

  /**
   * Writes a private key file readable only by its owner (where the file system allows).
   *
   * @param key the key
   * @param passphrase the passphrase, or null for an unprotected file
   * @param comment a comment, or null
   * @param file the file (replaced)
   */
  public static void writePrivateKey(Crypt4ghPrivateKey key, char[] passphrase, String comment,
      Path file) {
    try {
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, formatPrivateKey(key, passphrase, comment), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new LocalIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] derive(String kdf, char[] passphrase, byte[] salt, int rounds,
      String source) {
    byte[] pw = utf8(passphrase);
    try {
      switch (kdf) {
        case "scrypt":
          return SCrypt.generate(pw, salt, 1 << 14, 8, 1, 32);
        case "pbkdf2_hmac_sha256":
          try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, rounds, 256);
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(spec).getEncoded();
            spec.clearPassword();
            return k;
          } catch (GeneralSecurityException e) {
            throw new Crypt4ghFormatException(source + ": PBKDF2 failed", e);
          }
        case "bcrypt":
          if (rounds < 1) {
            throw new Crypt4ghFormatException(source + ": bcrypt with " + rounds + " rounds");
          }
          return BcryptPbkdf.derive(pw, salt, rounds, 32);
        default:
          throw new Crypt4ghFormatException(source + ": unknown KDF " + kdf);
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    return b;
  }

  private static byte[] string(ByteBuffer b) {
    if (b.remaining() < 2) {
      throw new Crypt4ghFormatException("a truncated Crypt4GH key");
    }
    int n = Short.toUnsignedInt(b.getShort());
    if (b.remaining() < n) {
      throw new Crypt4ghFormatException("a truncated Crypt4GH key");
    }
    byte[] s = new byte[n];
    b.get(s);
    return s;
  }

  private static byte[] sshString(ByteBuffer b) {
    if (b.remaining() < 4) {
      throw new Crypt4ghFormatException("a truncated ssh-ed25519 key");
    }
    int n = b.getInt();
    if (n < 0 || b.remaining() < n) {
      throw new Crypt4ghFormatException("a truncated ssh-ed25519 key");
    }
    byte[] s = new byte[n];
    b.get(s);
    return s;
  }

  private static void putString(ByteArrayOutputStream out, byte[] s) {
    out.write((s.length >>> 8) & 0xff);
    out.write(s.length & 0xff);
    out.writeBytes(s);
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static byte[] base64(String s, String what) {
    try {
      return Base64.getMimeDecoder().decode(s.strip());
    } catch (IllegalArgumentException e) {
      throw new Crypt4ghFormatException(what + " is not valid base64", e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new LocalIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
