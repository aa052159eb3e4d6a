package de.denbi.spe.core;

import java.io.Serial;

/**
 * A request was rejected before it was sent, because a field is missing or invalid (a run
 * request without a workflow URL, an object key with {@code ..}, a job name with a newline).
 * {@link #field()} names the field.
 *
 * @since 0.1.0
 */
public class InvalidRequestException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the bad field
   * @param message what is wrong and what is expected
   */
  public InvalidRequestException(String field, String message) {
    super("Invalid '" + field + "': " + message);
    this.field = field;
  }

  /**
   * The field that is wrong.
   *
   * @return its name as the request builder calls it
   */
  public String field() {
    return field;
  }
}
