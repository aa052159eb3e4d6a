package de.denbi.spe.tes;

/**
 * How much of a task the server returns.
 *
 * @since 0.1.0
 */
public enum TesView {
  /** Only {@code id} and {@code state}: the cheapest, for polling. */
  MINIMAL,
  /**
   * Everything except executor stdout/stderr, input {@code content} and the system logs.
   */
  BASIC,
  /** Everything. */
  FULL
}
