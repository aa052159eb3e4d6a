package de.denbi.spe.storage.crypt4gh.internal;

import de.denbi.spe.storage.ChecksumMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes a stream through and, when it ends, compares its SHA-256 with the expected one: an
 * object cut exactly at a Crypt4GH segment boundary decrypts without error, so the recorded
 * checksum of the whole object is what detects it.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private final String expected;
  private final String resource;
  private boolean checked;

  /**
   * Creates the stream.
   *
   * @param in the object's bytes (closed with this stream)
   * @param expectedSha256 the recorded hex SHA-256
   * @param resource the object's URI, for the message
   */
  public VerifyingInputStream(InputStream in, String expectedSha256, String resource) {
    super(in);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.expected = expectedSha256;
    this.resource = resource;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      check();
    } else {
      digest.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equalsIgnoreCase(expected)) {
      throw new ChecksumMismatchException(resource, expected, actual);
    }
  }
}
