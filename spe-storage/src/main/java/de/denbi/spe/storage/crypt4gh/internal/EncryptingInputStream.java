package de.denbi.spe.storage.crypt4gh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads plaintext from a stream and returns the Crypt4GH stream: the header, then 64 KiB
 * segments, each with its own random nonce. Memory: two segment buffers.
 */
public final class EncryptingInputStream extends InputStream {
  private final InputStream plain;
  private final byte[] dataKey;
  private final Aead aead = new Aead();
  private final Aead.Nonces nonces = new Aead.Nonces();
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;

  /**
   * Creates the stream.
   *
   * @param plain the plaintext (closed with this stream)
   * @param header the encoded header
   * @param dataKey the data key (kept until close)
   */
  public EncryptingInputStream(InputStream plain, byte[] header, byte[] dataKey) {
    this.plain = Objects.requireNonNull(plain, "plain");
    this.dataKey = dataKey.clone();
    this.buf = new byte[Math.max(header.length, Header.CIPHER_SEGMENT)];
    System.arraycopy(header, 0, buf, 0, header.length);
    this.limit = header.length;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (buf.length < Header.CIPHER_SEGMENT) {
      buf = new byte[Header.CIPHER_SEGMENT];
    }
    // the plaintext lands where its ciphertext goes (after the nonce) and is sealed in place
    int n = plain.readNBytes(buf, Aead.NONCE, Header.SEGMENT);
    if (n == 0) {
      eof = true;
      Arrays.fill(dataKey, (byte) 0);
      return false;
    }
    if (n < Header.SEGMENT) {
      eof = true;
    }
    nonces.fill(buf, 0);
    limit = Aead.NONCE + aead.seal(dataKey, buf, Aead.NONCE, n, buf, 0);
    pos = 0;
    if (eof) {
      Arrays.fill(dataKey, (byte) 0);
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long transferTo(java.io.OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    long total = 0;
    do {
      if (pos < limit) {
        out.write(buf, pos, limit - pos); // the segment buffer itself: no extra copy
        total += limit - pos;
        pos = limit;
      }
    } while (fill());
    return total;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    Arrays.fill(dataKey, (byte) 0);
    plain.close();
  }
}
