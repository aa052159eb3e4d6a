package de.denbi.spe.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSinkTest {
  @Test
  void allForwardsToEverySinkEvenWhenOneFails() {
    List<AuditEvent> got = new ArrayList<>();
    AuditSink failing = e -> {
      throw new IllegalStateException("disk full");
    };
    AuditSink sink = AuditSink.all(failing, got::add);
    AuditEvent e =
        AuditEvent.now("sub-123", "WES", "run.submit", "run/abc", AuditOutcome.SUCCESS, Map.of("z", "1", "a", "2"));
    sink.record(e);
    assertThat(got).containsExactly(e);
    assertThat(e.details().keySet()).containsExactly("a", "z");
  }

  @Test
  void unknownActorIsNamed() {
    AuditEvent e = AuditEvent.now(null, "S3", "object.put", "s3://b/k", AuditOutcome.DENIED, null);
    assertThat(e.actor()).isEqualTo("unknown");
    assertThat(e.details()).isEmpty();
    AuditSink.noop().record(e);
    AuditSink.logging().record(e);
  }
}
