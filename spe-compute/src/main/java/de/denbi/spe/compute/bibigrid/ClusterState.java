package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What BiBiGrid's {@code GET /bibigrid/state/{cluster_id}} says about a cluster.
 *
 * @param clusterId the cluster id
 * @param floatingIp the master's public address, if it has one yet
 * @param message BiBiGrid's message
 * @param sshUser the user to log in as
 * @param state the state
 * @param lastChanged when the state last changed (as BiBiGrid writes it)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(
    @JsonProperty("cluster_id") String clusterId,
    @JsonProperty("floating_ip") String floatingIp,
    String message,
    @JsonProperty("ssh_user") String sshUser,
    State state,
    @JsonProperty("last_changed") String lastChanged) {

  /** A cluster's life cycle. */
  public enum State {
    /** Being created. */
    @JsonProperty("starting")
    STARTING,
    /** Ready. */
    @JsonProperty("running")
    RUNNING,
    /** Terminated. */
    @JsonProperty("terminated")
    TERMINATED,
    /** Creation failed. */
    @JsonProperty("failed")
    FAILED,
    /** A state this SDK does not know. */
    @JsonEnumDefaultValue
    UNKNOWN;

    /**
     * Whether the cluster will not change by itself any more.
     *
     * @return true for RUNNING, TERMINATED, FAILED
     */
    public boolean isSettled() {
      return this == RUNNING || this == TERMINATED || this == FAILED;
    }
  }
}
