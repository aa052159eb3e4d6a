package de.denbi.spe.compute.accounts;

import java.util.List;

/**
 * A managed account and where it exists.
 *
 * @param username the user name
 * @param hosts the hosts that have it
 * @param keyFingerprints the SHA-256 fingerprints of its authorized keys (from the first host)
 * @since 0.1.0
 */
public record ClusterAccount(String username, List<String> hosts, List<String> keyFingerprints) {

  /** Copies the lists. */
  public ClusterAccount {
    hosts = List.copyOf(hosts);
    keyFingerprints = List.copyOf(keyFingerprints);
  }
}
