package de.denbi.spe.core.http;

import de.denbi.spe.core.SpeServiceException;

/**
 * Turns an error reply into an exception. The default, {@link #standard()}, picks the
 * exception type by status; service dialects replace it (WESkit answers client errors with
 * 500, slurmrestd an unknown job with 500 and error 2017).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ErrorDecoder {

  /**
   * The exception for an error reply.
   *
   * @param details what the service answered (already redacted)
   * @return the exception to throw
   */
  SpeServiceException decode(de.denbi.spe.core.ServiceErrorDetails details);

  /**
   * The standard mapping by status.
   *
   * @return {@link SpeServiceException#of}
   */
  static ErrorDecoder standard() {
    return SpeServiceException::of;
  }
}
