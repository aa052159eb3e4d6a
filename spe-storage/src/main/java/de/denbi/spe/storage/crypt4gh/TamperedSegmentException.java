package de.denbi.spe.storage.crypt4gh;

import java.io.Serial;

/**
 * A data segment failed authentication (its Poly1305 tag does not match) or the stream ends
 * inside a segment: the ciphertext was altered or truncated. Nothing of that segment is returned.
 *
 * @since 0.1.0
 */
public class TamperedSegmentException extends Crypt4ghException {
  @Serial private static final long serialVersionUID = 1L;

  private final long segment;

  /**
   * Creates the exception.
   *
   * @param segment the index of the segment (0-based)
   * @param what what is wrong with it
   */
  public TamperedSegmentException(long segment, String what) {
    super("Crypt4GH data segment " + segment + " " + what
        + ": the file was altered or truncated; fetch it again from its source");
    this.segment = segment;
  }

  /**
   * Returns the index of the failing segment.
   *
   * @return the 0-based segment index
   */
  public long segment() {
    return segment;
  }
}
