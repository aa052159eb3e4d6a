package de.denbi.spe.compute.openstack;

import de.denbi.spe.core.InvalidConfigException;
import java.io.Serial;

/**
 * A BiBiGrid configuration does not fit the cloud; {@link #report()} has every problem.
 *
 * @since 0.1.0
 */
public class PreflightException extends InvalidConfigException {
  @Serial private static final long serialVersionUID = 1L;

  private final transient PreflightReport report;

  /**
   * Creates the exception.
   *
   * @param report the failed report
   */
  public PreflightException(PreflightReport report) {
    super(report.problems().getFirst().key(), report.summary());
    this.report = report;
  }

  /**
   * The whole report.
   *
   * @return the report
   */
  public PreflightReport report() {
    return report;
  }
}
