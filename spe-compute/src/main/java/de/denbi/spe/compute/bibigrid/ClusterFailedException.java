package de.denbi.spe.compute.bibigrid;

import de.denbi.spe.core.SpeException;
import java.io.Serial;

/**
 * A BiBiGrid cluster ended up {@code failed} (or {@code terminated}) while it was awaited. The
 * message carries the tail of BiBiGrid's log for the cluster.
 *
 * @since 0.1.0
 */
public class ClusterFailedException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String clusterId;
  private final ClusterState.State state;
  private final String logTail;

  /**
   * Creates the exception.
   *
   * @param clusterId the cluster
   * @param state the state it ended in
   * @param message BiBiGrid's message
   * @param logTail the end of its log
   */
  public ClusterFailedException(String clusterId, ClusterState.State state, String message, String logTail) {
    super("BiBiGrid cluster " + clusterId + " is " + state.name().toLowerCase(java.util.Locale.ROOT)
        + (message == null || message.isBlank() ? "" : " (" + message + ")")
        + ". Last lines of its log:\n" + logTail);
    this.clusterId = clusterId;
    this.state = state;
    this.logTail = logTail;
  }

  /**
   * The cluster.
   *
   * @return its id
   */
  public String clusterId() {
    return clusterId;
  }

  /**
   * The state it ended in.
   *
   * @return FAILED or TERMINATED
   */
  public ClusterState.State state() {
    return state;
  }

  /**
   * The end of BiBiGrid's log for the cluster.
   *
   * @return the log lines
   */
  public String logTail() {
    return logTail;
  }
}
