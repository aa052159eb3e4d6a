package de.denbi.spe.testkit.wes;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a run the {@link FakeWesServer} holds: what was submitted and where it stands.
 *
 * @param runId the run id
 * @param state the current state
 * @param form the submitted form fields (JSON-string fields as sent), by name
 * @param attachments the received attachments, in order
 * @param statusPolls how many times its status or log was read
 * @since 0.1.0
 */
public record FakeRun(
    String runId,
    String state,
    Map<String, String> form,
    List<ReceivedAttachment> attachments,
    int statusPolls) {

  /** Copies the collections. */
  public FakeRun {
    form = Map.copyOf(form);
    attachments = List.copyOf(attachments);
  }

  /**
   * A {@code workflow_attachment} part as the server received it. Only its size and SHA-256 are
   * kept, so uploads of any size cost no memory.
   *
   * @param name the file name from the part's Content-Disposition
   * @param size the number of bytes received
   * @param sha256 the SHA-256 of the bytes, lower-case hex
   * @since 0.1.0
   */
  public record ReceivedAttachment(String name, long size, String sha256) {}
}
