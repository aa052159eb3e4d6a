package de.denbi.spe.storage.crypt4gh.internal;

import de.denbi.spe.storage.crypt4gh.EditList;
import de.denbi.spe.storage.crypt4gh.TamperedSegmentException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Reads Crypt4GH data segments (the header already consumed) and returns the plaintext that an
 * edit list keeps. Every returned byte belongs to a segment whose tag was verified.
 */
public final class DecryptingInputStream extends InputStream {
  private final InputStream cipher;
  private final List<byte[]> keys;
  private final Aead aead = new Aead();
  private final byte[] in = new byte[Header.CIPHER_SEGMENT];
  private final byte[] out = new byte[Header.SEGMENT];
  private final long[] edits;
  private int editIndex;
  private long editLeft;
  private boolean keepRest;
  private boolean done;
  private int keyIndex;
  private long segment;
  private int pos;
  private int limit;

  /**
   * Creates the stream.
   *
   * @param cipher the segments (closed with this stream)
   * @param keys the data keys to try
   * @param editList the edit list, or null to keep everything
   * @param firstSegment the index of the first segment (for messages of ranged reads)
   */
  public DecryptingInputStream(InputStream cipher, List<byte[]> keys, EditList editList,
      long firstSegment) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.keys = List.copyOf(keys);
    this.segment = firstSegment;
    if (editList == null) {
      edits = new long[0];
      keepRest = true;
    } else {
      edits = editList.lengths().stream().mapToLong(Long::longValue).toArray();
      editLeft = edits[0];
    }
  }

  /** Whether the current edit is a keep (odd positions). */
  private boolean keeping() {
    return keepRest || (editIndex % 2 == 1);
  }

  /** Moves to the next edit when the current one is used up. */
  private void advanceEdits() {
    while (!keepRest && !done && editLeft == 0) {
      editIndex++;
      if (editIndex == edits.length) {
        if (edits.length % 2 == 1) {
          keepRest = true; // ends with a skip: the rest is kept
        } else {
          done = true; // ends with a keep: the rest is dropped
        }
      } else {
        editLeft = edits[editIndex];
      }
    }
  }

  private boolean nextSegment() throws IOException {
    int n = cipher.readNBytes(in, 0, in.length);
    if (n == 0) {
      return false;
    }
    long index = segment++;
    if (n < Aead.NONCE + Aead.TAG) {
      throw new TamperedSegmentException(index, "is truncated (" + n + " bytes)");
    }
    if (!keeping() && !done && n == in.length && editLeft >= Header.SEGMENT) {
      editLeft -= Header.SEGMENT; // a whole segment skipped: no need to decrypt it
      pos = 0;
      limit = 0;
      return true;
    }
    int m = -1;
    for (int k = 0; k < keys.size() && m < 0; k++) {
      int ki = (keyIndex + k) % keys.size();
      m = aead.open(keys.get(ki), in, 0, n, out, 0);
      if (m >= 0) {
        keyIndex = ki;
      }
    }
    if (m < 0) {
      throw new TamperedSegmentException(index, "failed authentication");
    }
    pos = 0;
    limit = m;
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
    while (true) {
      advanceEdits();
      if (done) {
        return -1;
      }
      if (pos == limit) {
        if (!nextSegment()) {
          return -1;
        }
        continue;
      }
      if (keeping()) {
        int n = Math.min(len, limit - pos);
        if (!keepRest) {
          n = (int) Math.min(n, editLeft);
          editLeft -= n;
        }
        System.arraycopy(out, pos, b, off, n);
        pos += n;
        return n;
      }
      int skip = (int) Math.min(limit - pos, editLeft);
      pos += skip;
      editLeft -= skip;
    }
  }

  @Override
  public long transferTo(java.io.OutputStream sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    long total = 0;
    while (true) {
      advanceEdits();
      if (done) {
        return total;
      }
      if (pos == limit) {
        if (!nextSegment()) {
          return total;
        }
        continue;
      }
      boolean keep = keeping();
      int n = limit - pos;
      if (!keepRest) {
        n = (int) Math.min(n, editLeft);
        editLeft -= n;
      }
      if (keep) {
        sink.write(out, pos, n); // the plaintext buffer itself: no extra copy
        total += n;
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    cipher.close();
  }
}
