package de.denbi.spe.core;

import java.io.Serial;

/**
 * A server's paging is broken: it sent a page token it had sent before, or more pages than the
 * configured limit. Listing stops rather than loop forever.
 *
 * @since 0.1.0
 */
public class PagingException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public PagingException(String message) {
    super(message);
  }
}
