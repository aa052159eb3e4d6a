package de.denbi.spe.compute.accounts;

import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A validated OpenSSH public key: one {@code authorized_keys} line without options (no
 * {@code command=}, {@code from=}: a researcher's key must not carry any), whose base64 blob
 * decodes and names the same key type. RSA keys need at least 2048 bits.
 *
 * @param type the key type, e.g. {@code ssh-ed25519}
 * @param base64 the key blob, base64
 * @param comment the comment (printable, no control characters), may be empty
 * @since 0.1.0
 */
public record SshPublicKey(String type, String base64, String comment) {
  private static final Set<String> TYPES = Set.of(
      "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
      "ssh-rsa", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

  /** Validates the key. */
  public SshPublicKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(base64, "base64");
    comment = comment == null ? "" : comment.strip();
    if (!TYPES.contains(type)) {
      throw new InvalidRequestException("publicKey", "unsupported key type '" + Shell.printable(type)
          + "'; expected one of " + TYPES.stream().sorted().toList());
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("publicKey", "the key is not valid base64");
    }
    ByteBuffer buf = ByteBuffer.wrap(blob);
    String inner = readString(buf);
    if (!type.equals(inner)) {
      throw new InvalidRequestException("publicKey",
          "the key data says '" + Shell.printable(inner) + "', the line says '" + type + "'");
    }
    if (type.equals("ssh-rsa")) {
      readBytes(buf); // e
      byte[] n = readBytes(buf);
      int bits = (n.length - (n.length > 0 && n[0] == 0 ? 1 : 0)) * 8;
      if (bits < 2048) {
        throw new InvalidRequestException("publicKey", "RSA keys need at least 2048 bits, this has " + bits);
      }
    } else if (type.equals("ssh-ed25519") && readBytes(buf).length != 32) {
      throw new InvalidRequestException("publicKey", "an ed25519 key has 32 bytes");
    }
    for (int i = 0; i < comment.length(); i++) {
      char c = comment.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidRequestException("publicKey", "the comment contains control characters");
      }
    }
  }

  private static String readString(ByteBuffer b) {
    return new String(readBytes(b), StandardCharsets.US_ASCII);
  }

  private static byte[] readBytes(ByteBuffer b) {
    if (b.remaining() < 4) {
      throw new InvalidRequestException("publicKey", "the key data is truncated");
    }
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new InvalidRequestException("publicKey", "the key data is truncated");
    }
    byte[] out = new byte[len];
    b.get(out);
    return out;
  }

  /**
   * Parses one line as found in {@code id_ed25519.pub}.
   *
   * @param line {@code TYPE BASE64 [COMMENT]}
   * @return the key
   * @throws InvalidRequestException (field {@code publicKey}) if it is not a valid key line
   */
  public static SshPublicKey parse(String line) {
    if (line == null || line.isBlank()) {
      throw new InvalidRequestException("publicKey", "must not be blank");
    }
    String l = line.strip();
    if (l.contains("\n") || l.contains("\r") || l.indexOf('\0') >= 0) {
      throw new InvalidRequestException("publicKey", "must be a single line");
    }
    String[] parts = l.split("[ \t]+", 3);
    if (parts.length < 2) {
      throw new InvalidRequestException("publicKey", "expected 'TYPE BASE64 [COMMENT]'");
    }
    if (!TYPES.contains(parts[0])) {
      throw new InvalidRequestException("publicKey", "must start with the key type (options such as"
          + " command= or from= are not accepted), was '" + Shell.printable(parts[0]) + "'");
    }
    return new SshPublicKey(parts[0], parts[1], parts.length > 2 ? parts[2] : "");
  }

  /**
   * The line for {@code authorized_keys}.
   *
   * @return {@code TYPE BASE64 [COMMENT]}
   */
  public String line() {
    return comment.isEmpty() ? type + " " + base64 : type + " " + base64 + " " + comment;
  }

  /**
   * The SHA-256 fingerprint as {@code ssh-keygen -l} prints it.
   *
   * @return e.g. {@code SHA256:abc...}
   */
  public String fingerprint() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return type + " " + fingerprint() + (comment.isEmpty() ? "" : " " + comment);
  }
}
