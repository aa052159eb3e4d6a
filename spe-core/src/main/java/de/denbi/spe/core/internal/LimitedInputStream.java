package de.denbi.spe.core.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that fails once more than a limit has been read. */
public final class LimitedInputStream extends FilterInputStream {
  /** Thrown when the limit is passed. */
  public static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(long limit) {
      super("response body larger than the limit of " + limit + " bytes");
    }
  }

  private final long limit;
  private long count;

  /**
   * Wraps a stream.
   *
   * @param in the stream
   * @param limit the most bytes that may be read
   */
  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && ++count > limit) {
      throw new LimitExceededException(limit);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new LimitExceededException(limit);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    count += s;
    if (count > limit) {
      throw new LimitExceededException(limit);
    }
    return s;
  }
}
