package de.denbi.spe.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Hashing {
  private Hashing() {}

  /**
   * A new SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Lower-case hex.
   *
   * @param bytes the bytes
   * @return the hex text
   */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * SHA-256 of bytes, as hex.
   *
   * @param data the bytes
   * @param len how many of them
   * @return the hex digest
   */
  public static String sha256Hex(byte[] data, int len) {
    MessageDigest d = sha256();
    update(d, data, 0, len);
    return hex(d.digest());
  }

  /**
   * SHA-256 of a file, as hex.
   *
   * @param file the file
   * @return the hex digest
   * @throws IOException if reading fails
   */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest d = sha256();
    byte[] buf = new byte[1 << 20];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(bb)) >= 0) {
        update(d, buf, 0, n);
        bb.clear();
      }
    }
    return hex(d.digest());
  }

  /** The slice {@link #update} hands to the digest at a time. */
  private static final int SLICE = 64 * 1024;

  /**
   * Adds bytes to a digest in slices of 64 KiB. The same bytes, but the digest's multi-block
   * loop is called often enough for the JIT to replace it soon with its SHA-NI intrinsic: with
   * 1 MiB updates a short-lived process hashed a 2 GiB download a block at a time for most of
   * its run (about 10 % slower).
   *
   * @param d the digest
   * @param b the bytes
   * @param off where they start
   * @param len how many
   */
  public static void update(MessageDigest d, byte[] b, int off, int len) {
    int end = off + len;
    for (int p = off; p < end; p += SLICE) {
      d.update(b, p, Math.min(SLICE, end - p));
    }
  }

  /**
   * Whether a text is a SHA-256 hex digest.
   *
   * @param s the text
   * @return true for 64 hex digits
   */
  public static boolean isSha256Hex(String s) {
    return s != null && s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
