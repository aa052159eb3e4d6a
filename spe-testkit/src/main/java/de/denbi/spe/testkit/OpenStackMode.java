package de.denbi.spe.testkit;

import java.util.Locale;
import java.util.Optional;

/**
 * How much of OpenStack runs locally ({@code scripts/services up openstack --mode ...}).
 *
 * @since 0.1.0
 */
public enum OpenStackMode {
  /** Keystone only: tokens, application credentials, the catalog. */
  KEYSTONE,
  /** Keystone, Placement, Glance, Neutron and Nova with a fake hypervisor: servers can be created. */
  FULL;

  /**
   * The name used on the command line and in {@code SPE_OS_MODE}.
   *
   * @return {@code keystone} or {@code full}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a running mode provides what this mode needs ({@code FULL} includes {@code KEYSTONE}).
   *
   * @param running the mode that runs
   * @return true if a test needing this mode can run
   */
  public boolean isSatisfiedBy(OpenStackMode running) {
    return running.ordinal() >= ordinal();
  }

  /**
   * Parses {@code SPE_OS_MODE}.
   *
   * @param value {@code keystone} or {@code full}, any case
   * @return the mode, or empty for anything else
   */
  public static Optional<OpenStackMode> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (OpenStackMode m : values()) {
      if (m.id().equalsIgnoreCase(value.strip())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
