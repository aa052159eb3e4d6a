package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What BiBiGrid's {@code POST /bibigrid/info/{cluster_id}} says: the cluster's servers as
 * BiBiGrid lists them (OpenStack server properties, free-form).
 *
 * @param master the master's properties
 * @param workers the workers' properties
 * @param vpngtws the VPN gateways' properties
 * @param message BiBiGrid's message
 * @param ready whether the cluster is ready
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterInfo(
    Map<String, Object> master,
    List<Map<String, Object>> workers,
    List<Map<String, Object>> vpngtws,
    String message,
    boolean ready) {

  /** Normalises the collections. */
  public ClusterInfo {
    master = master == null ? Map.of() : master;
    workers = workers == null ? List.of() : workers;
    vpngtws = vpngtws == null ? List.of() : vpngtws;
  }
}
