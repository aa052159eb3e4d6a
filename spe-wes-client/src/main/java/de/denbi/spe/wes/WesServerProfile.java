package de.denbi.spe.wes;

import java.util.Objects;

/**
 * What the client knows about the server it talks to: the API version and the dialect.
 *
 * @param apiVersion the WES version
 * @param dialect {@link WesDialect#STANDARD} or {@link WesDialect#WESKIT}, never AUTO
 * @since 0.1.0
 */
public record WesServerProfile(WesApiVersion apiVersion, WesDialect dialect) {

  /** Checks the values. */
  public WesServerProfile {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(dialect, "dialect");
    if (dialect == WesDialect.AUTO) {
      throw new IllegalArgumentException("a detected profile has a concrete dialect, not AUTO");
    }
  }

  /**
   * Whether the server has the WES 1.1 task endpoints.
   *
   * @return true for WES 1.1
   */
  public boolean hasTaskEndpoints() {
    return apiVersion == WesApiVersion.V1_1;
  }
}
