package de.denbi.spe.core.audit;

/**
 * How an audited operation ended.
 *
 * @since 0.1.0
 */
public enum AuditOutcome {
  /** It did what was asked. */
  SUCCESS,
  /** The service refused it (401, 403, a policy). */
  DENIED,
  /** It failed for another reason. */
  FAILURE
}
