package de.denbi.spe.auth;

import java.time.Instant;

/**
 * Permission to access one dataset, from a validated {@code ControlledAccessGrants} visa: what
 * storage and compute authorise by.
 *
 * @param value the dataset, e.g. {@code https://ega-archive.org/datasets/EGAD00000000001}
 * @param source who granted it (the data access committee)
 * @param by how it was granted, or {@code null}
 * @param asserted when it was granted
 * @param expires when the visa expires
 * @since 0.1.0
 */
public record DatasetGrant(String value, String source, String by, Instant asserted, Instant expires) {

  /**
   * Whether the grant is still valid at a time.
   *
   * @param at the time
   * @return true before its expiry
   */
  public boolean validAt(Instant at) {
    return at.isBefore(expires);
  }
}
