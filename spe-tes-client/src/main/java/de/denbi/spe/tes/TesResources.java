package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resources a task asks for. Every field is optional (null when unset).
 *
 * @param cpuCores CPU cores
 * @param preemptible whether preemptible (spot) capacity is acceptable
 * @param ramGb RAM in GB
 * @param diskGb disk in GB
 * @param zones compute zones (a queue, a region) the task may run in
 * @param backendParameters backend-specific key/values (TES 1.1), e.g. {@code VmSize}
 * @param backendParametersStrict fail the task if a backend parameter is unsupported (TES 1.1)
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesResources(
    Integer cpuCores,
    Boolean preemptible,
    Double ramGb,
    Double diskGb,
    List<String> zones,
    Map<String, String> backendParameters,
    Boolean backendParametersStrict) {

  /** Copies the collections; null stays null (unset). */
  public TesResources {
    zones = zones == null ? null : List.copyOf(zones);
    backendParameters =
        backendParameters == null
            ? null
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backendParameters));
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link TesResources}, checking each value when it is set.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Integer cpuCores;
    private Boolean preemptible;
    private Double ramGb;
    private Double diskGb;
    private final List<String> zones = new ArrayList<>();
    private final Map<String, String> backendParameters = new LinkedHashMap<>();
    private Boolean backendParametersStrict;

    private Builder() {}

    /**
     * CPU cores.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder cpuCores(int n) {
      if (n < 1) {
        throw new InvalidRequestException("resources.cpu_cores", "must be at least 1, was " + n);
      }
      this.cpuCores = n;
      return this;
    }

    /**
     * Whether preemptible capacity is acceptable.
     *
     * @param p true to allow
     * @return this builder
     */
    public Builder preemptible(boolean p) {
      this.preemptible = p;
      return this;
    }

    /**
     * RAM in GB.
     *
     * @param gb a positive number
     * @return this builder
     */
    public Builder ramGb(double gb) {
      this.ramGb = positive(gb, "resources.ram_gb");
      return this;
    }

    /**
     * Disk in GB.
     *
     * @param gb a positive number
     * @return this builder
     */
    public Builder diskGb(double gb) {
      this.diskGb = positive(gb, "resources.disk_gb");
      return this;
    }

    /**
     * Adds a compute zone.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(String zone) {
      if (zone == null || zone.isBlank()) {
        throw new InvalidRequestException("resources.zones", "a zone must not be blank");
      }
      this.zones.add(zone);
      return this;
    }

    /**
     * Adds a backend parameter (TES 1.1).
     *
     * @param key the key (case-insensitive for the server)
     * @param value the value
     * @return this builder
     */
    public Builder backendParameter(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new InvalidRequestException("resources.backend_parameters", "a key must not be blank");
      }
      Objects.requireNonNull(value, "value");
      this.backendParameters.put(key, value);
      return this;
    }

    /**
     * Whether the server must fail the task on an unsupported backend parameter (TES 1.1).
     *
     * @param strict true to fail
     * @return this builder
     */
    public Builder backendParametersStrict(boolean strict) {
      this.backendParametersStrict = strict;
      return this;
    }

    /**
     * Builds the resources.
     *
     * @return the resources
     */
    public TesResources build() {
      return new TesResources(
          cpuCores,
          preemptible,
          ramGb,
          diskGb,
          zones.isEmpty() ? null : zones,
          backendParameters.isEmpty() ? null : backendParameters,
          backendParametersStrict);
    }

    private static double positive(double v, String field) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new InvalidRequestException(field, "must be a positive number, was " + v);
      }
      return v;
    }
  }
}
