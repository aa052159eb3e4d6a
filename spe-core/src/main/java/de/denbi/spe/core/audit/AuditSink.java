package de.denbi.spe.core.audit;

import java.util.List;
import java.util.Objects;

/**
 * Receives {@link AuditEvent}s from every client. No-op by default; a site plugs in its own
 * (a log, a database, the airlock's hash-chained trail).
 *
 * <p>Implementations must be thread-safe and should not throw: a failing sink is reported but
 * does not fail the operation it audits.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Records an event.
   *
   * @param event the event
   */
  void record(AuditEvent event);

  /**
   * A sink that drops every event (the default).
   *
   * @return the sink
   */
  static AuditSink noop() {
    return e -> {};
  }

  /**
   * A sink that logs every event to {@link System.Logger} {@code de.denbi.spe.audit} at INFO.
   *
   * @return the sink
   */
  static AuditSink logging() {
    System.Logger log = System.getLogger("de.denbi.spe.audit");
    return e ->
        log.log(
            System.Logger.Level.INFO,
            "{0} {1} {2} {3} {4} {5} {6}",
            e.time(),
            e.actor(),
            e.service(),
            e.action(),
            e.resource(),
            e.outcome(),
            e.details());
  }

  /**
   * A sink that forwards to several sinks; one failing does not stop the others.
   *
   * @param sinks the sinks
   * @return the sink
   */
  static AuditSink all(AuditSink... sinks) {
    List<AuditSink> list = List.of(sinks);
    return e -> {
      for (AuditSink s : list) {
        safeRecord(s, e);
      }
    };
  }

  /**
   * Records an event on a sink, logging (not throwing) a failure of the sink.
   *
   * @param sink the sink
   * @param event the event
   */
  static void safeRecord(AuditSink sink, AuditEvent event) {
    Objects.requireNonNull(sink, "sink");
    try {
      sink.record(event);
    } catch (RuntimeException ex) {
      System.getLogger("de.denbi.spe.audit")
          .log(System.Logger.Level.WARNING, "audit sink failed for " + event.action(), ex);
    }
  }
}
