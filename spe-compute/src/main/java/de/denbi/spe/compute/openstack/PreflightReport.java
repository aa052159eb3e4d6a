package de.denbi.spe.compute.openstack;

import de.denbi.spe.compute.bibigrid.BibigridConfiguration.Problem;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link Preflight} found: every problem (with the configuration key it concerns), the
 * warnings, and the resources the cluster needs next to what the quota leaves.
 *
 * @param problems what stops the cluster from being built; empty if it can be
 * @param warnings what may hurt but does not stop it
 * @param required resources needed: {@code cores}, {@code ramMb}, {@code instances},
 *     {@code volumes}, {@code volumeGb}
 * @param available what the quota leaves of each ({@link Long#MAX_VALUE} for unlimited, -1 for
 *     unknown)
 * @since 0.1.0
 */
public record PreflightReport(
    List<Problem> problems, List<String> warnings, Map<String, Long> required, Map<String, Long> available) {

  /** Copies the collections. */
  public PreflightReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    required = Map.copyOf(required);
    available = Map.copyOf(available);
  }

  /**
   * Whether nothing stops the cluster.
   *
   * @return true if there are no problems
   */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Throws unless {@link #ok()}.
   *
   * @return this report
   * @throws PreflightException with every problem
   */
  public PreflightReport requireOk() {
    if (!ok()) {
      throw new PreflightException(this);
    }
    return this;
  }

  /**
   * The report as text, one line per problem and warning.
   *
   * @return the text
   */
  public String summary() {
    StringBuilder sb = new StringBuilder(ok() ? "Preflight passed" : "Preflight found " + problems.size()
        + " problem(s)");
    sb.append(problems.stream().map(p -> "\n  PROBLEM " + p).collect(Collectors.joining()));
    sb.append(warnings.stream().map(w -> "\n  WARNING " + w).collect(Collectors.joining()));
    return sb.toString();
  }
}
