package de.denbi.spe.core.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who did what to which resource, with what outcome. Clients report one per operation that
 * reads, changes or moves data or compute (an upload, a run submission, a cancel, a policy
 * change). Never holds a secret: details are for ids, sizes and checksums.
 *
 * @param time when the operation finished
 * @param actor who did it: the OIDC {@code sub} when known, else the client's identity
 * @param service the service, e.g. {@code S3}, {@code WES}
 * @param action what was done, e.g. {@code object.put}, {@code run.submit}
 * @param resource which resource, e.g. {@code s3://bucket/key}, a run id
 * @param outcome how it ended
 * @param details further facts (sizes, checksums, status codes); copied, sorted by key
 * @since 0.1.0
 */
public record AuditEvent(
    Instant time,
    String actor,
    String service,
    String action,
    String resource,
    AuditOutcome outcome,
    Map<String, String> details) {

  /** Checks the required fields and copies the details. */
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(outcome, "outcome");
    actor = actor == null ? "unknown" : actor;
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
  }

  /**
   * An event at the current time.
   *
   * @param actor who
   * @param service which service
   * @param action what
   * @param resource on what
   * @param outcome with what outcome
   * @param details further facts
   * @return the event
   */
  public static AuditEvent now(
      String actor,
      String service,
      String action,
      String resource,
      AuditOutcome outcome,
      Map<String, String> details) {
    return new AuditEvent(Instant.now(), actor, service, action, resource, outcome, details);
  }
}
