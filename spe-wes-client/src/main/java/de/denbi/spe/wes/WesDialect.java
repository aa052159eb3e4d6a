package de.denbi.spe.wes;

/**
 * How a server deviates from the WES specification.
 *
 * @since 0.1.0
 */
public enum WesDialect {
  /** Detect it from service-info on first need (the default). */
  AUTO,
  /** A server that follows the specification. */
  STANDARD,
  /**
   * WESkit: WES 1.0.0 with {@code workflow_type} {@code SMK}/{@code NFL}, {@code
   * workflow_type_version} = the engine version, no {@code workflow_engine} fields, its own
   * engine parameter names, {@code workflow_url} only as a relative {@code file:} path or a
   * {@code trs://} URI, stdout/stderr at {@code /weskit/v1/runs/{id}/stdout|stderr}, and HTTP 500
   * for many client errors.
   */
  WESKIT
}
