package de.denbi.spe.tes;

import de.denbi.spe.core.InvalidConfigException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One TES server in a {@link TesFederation}, with what placement strategies need to know about
 * it: the compute zones it serves and the hosts of the data it is close to.
 *
 * @param name a short name, unique in the federation ({@code [A-Za-z0-9._-]+}), e.g. {@code
 *     denbi-bielefeld}
 * @param client the client for the server
 * @param zones compute zones it serves (matched against {@code resources.zones}); never null
 * @param dataHosts hosts (or domain suffixes, or S3 bucket names) of storage near it, for
 *     data-locality placement; never null
 * @since 0.1.0
 */
public record TesEndpoint(String name, TesClient client, Set<String> zones, Set<String> dataHosts) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** Checks the name and copies the sets. */
  public TesEndpoint {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidConfigException(
          "tes.federation.endpoint.name", "must match [A-Za-z0-9._-]+, was '" + name + "'");
    }
    Objects.requireNonNull(client, "client");
    zones = zones == null ? Set.of() : Set.copyOf(zones);
    dataHosts = dataHosts == null ? Set.of() : Set.copyOf(dataHosts);
  }

  /**
   * An endpoint named after its client ({@link TesClient#name()}), with no zones or data hosts.
   *
   * @param client the client
   * @return the endpoint
   */
  public static TesEndpoint of(TesClient client) {
    return new TesEndpoint(client.name(), client, Set.of(), Set.of());
  }

  /**
   * The same endpoint serving these zones.
   *
   * @param z the zones
   * @return the copy
   */
  public TesEndpoint withZones(String... z) {
    return new TesEndpoint(name, client, Set.of(z), dataHosts);
  }

  /**
   * The same endpoint close to data on these hosts.
   *
   * @param hosts host names, domain suffixes or bucket names
   * @return the copy
   */
  public TesEndpoint withDataHosts(String... hosts) {
    return new TesEndpoint(name, client, zones, Set.of(hosts));
  }

  /**
   * Whether a host (of an input URL) is near this endpoint: equal to a data host or below it
   * as a domain.
   *
   * @param host the host, may be null
   * @return true if near
   */
  public boolean near(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    for (String d : dataHosts) {
      String dl = d.toLowerCase(java.util.Locale.ROOT);
      if (h.equals(dl) || h.endsWith("." + dl)) {
        return true;
      }
    }
    return false;
  }
}
