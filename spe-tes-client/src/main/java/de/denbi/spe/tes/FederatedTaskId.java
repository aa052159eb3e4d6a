package de.denbi.spe.tes;

import de.denbi.spe.core.InvalidRequestException;

/**
 * A task id together with the endpoint that owns it: ids are only unique per server.
 * {@link #toString()} gives {@code endpoint/taskId}, which {@link #parse(String)} reads back.
 *
 * @param endpoint the endpoint's name
 * @param taskId the id the endpoint assigned
 * @since 0.1.0
 */
public record FederatedTaskId(String endpoint, String taskId) {

  /** Checks both parts. */
  public FederatedTaskId {
    if (endpoint == null || endpoint.isBlank() || endpoint.indexOf('/') >= 0) {
      throw new InvalidRequestException("endpoint", "an endpoint name without '/' is required");
    }
    if (taskId == null || taskId.isBlank()) {
      throw new InvalidRequestException("taskId", "a task id is required");
    }
  }

  /**
   * Reads {@code endpoint/taskId}.
   *
   * @param text the text
   * @return the id
   * @throws InvalidRequestException if there is no {@code /}
   */
  public static FederatedTaskId parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0) {
      throw new InvalidRequestException("id", "expected endpoint/taskId, was '" + text + "'");
    }
    return new FederatedTaskId(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return endpoint + "/" + taskId;
  }
}
