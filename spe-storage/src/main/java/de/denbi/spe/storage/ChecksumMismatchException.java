package de.denbi.spe.storage;

import de.denbi.spe.core.SpeException;
import java.io.Serial;

/**
 * The data read does not match the SHA-256 recorded when the object was uploaded: it was
 * corrupted on the way or changed behind the SDK's back. Nothing was written to the target.
 *
 * @since 0.1.0
 */
public class ChecksumMismatchException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;
  private final String expected;
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param resource the object ({@code s3://bucket/key})
   * @param expected the recorded SHA-256
   * @param actual the SHA-256 of what arrived
   */
  public ChecksumMismatchException(String resource, String expected, String actual) {
    super("SHA-256 mismatch for " + resource + ": recorded " + expected + ", received " + actual
        + ". Nothing was written; download it again, and if it persists the object is damaged.");
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The recorded checksum.
   *
   * @return hex SHA-256
   */
  public String expected() {
    return expected;
  }

  /**
   * The checksum of the received data.
   *
   * @return hex SHA-256
   */
  public String actual() {
    return actual;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
