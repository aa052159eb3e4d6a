package de.denbi.spe.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeJsonTest {
  enum State {
    QUEUED,
    RUNNING,
    @JsonEnumDefaultValue
    UNKNOWN
  }

  record Task(String id, State state, Instant created, Map<String, String> tags) {}

  @Test
  void toleratesUnknownFieldsAndEnumValues() throws Exception {
    Task t =
        SpeJson.mapper()
            .readValue(
                "{\"id\":\"t1\",\"state\":\"PAUSED_BY_NEW_SPEC\",\"created\":\"2026-11-24T03:12:40.680789696Z\",\"new_field\":[1]}",
                Task.class);
    assertThat(t.state()).isEqualTo(State.UNKNOWN);
    assertThat(t.created().getNano()).isEqualTo(680789696);
  }

  @Test
  void writesIsoDatesAndLeavesOutNulls() throws Exception {
    String json = SpeJson.mapper().writeValueAsString(new Task("t1", State.RUNNING, Instant.parse("2026-01-02T03:04:05Z"), null));
    assertThat(json).isEqualTo("{\"id\":\"t1\",\"state\":\"RUNNING\",\"created\":\"2026-01-02T03:04:05Z\"}");
  }

  @Test
  void trailingGarbageIsAnError() {
    assertThatThrownBy(() -> SpeJson.mapper().readValue("{\"id\":\"a\"} {\"id\":\"b\"}", Task.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void newMapperIsIndependent() {
    assertThat(SpeJson.newMapper()).isNotSameAs(SpeJson.mapper());
  }
}
