package de.denbi.spe.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of the SDK. Models are Java records; servers evolve, so:
 * <ul>
 *   <li>unknown fields are ignored, never fatal;</li>
 *   <li>unknown enum values map to the enum's {@code @JsonEnumDefaultValue} constant
 *       (conventionally {@code UNKNOWN});</li>
 *   <li>{@code java.time} types are ISO-8601 strings;</li>
 *   <li>{@code null} fields are left out when writing;</li>
 *   <li>trailing garbage after a JSON document is an error (a truncated or concatenated reply
 *       is not silently half-read).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class SpeJson {

  private static final ObjectMapper SHARED = newMapper();

  private SpeJson() {}

  /**
   * The shared mapper. Do not reconfigure it (it is shared by every client); use
   * {@link #newMapper()} for a variant.
   *
   * @return the shared, configured mapper
   */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /**
   * A new mapper with the SDK's configuration, for callers that want to change it.
   *
   * @return a new mapper
   */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .build();
  }
}
