package de.denbi.spe.testkit;

import de.denbi.spe.testkit.internal.LocalDirLocator;
import de.denbi.spe.testkit.internal.ServiceProbe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The local real services outside JUnit: where their env files are, whether they answer, and
 * their coordinates. {@link RequiresLocalService} does the same for tests.
 *
 * <p>The local directory is the system property {@code spe.local.dir} (the build sets it to
 * {@code <repo>/.spe-local}), else the environment variable {@code SPE_LOCAL_DIR}, else the
 * first {@code .spe-local} directory from the working directory upwards.
 *
 * @since 0.1.0
 */
public final class LocalServices {

  /** System property that turns skips of unavailable services into failures. */
  public static final String REQUIRE_PROPERTY = "spe.local.require";

  /** Environment variable that turns skips of unavailable services into failures. */
  public static final String REQUIRE_ENV = "SPE_LOCAL_REQUIRE";

  private LocalServices() {}

  /**
   * The directory the local services write to.
   *
   * @return the directory (configured explicitly it may not exist yet), or empty if none is
   *     configured and none is found
   */
  public static Optional<Path> localDir() {
    return LocalDirLocator.locate();
  }

  /**
   * Where a service's env file is (or would be).
   *
   * @param service the service
   * @return {@code <local dir>/<id>/env.sh}, empty if no local directory is known
   */
  public static Optional<Path> envFile(LocalService service) {
    return localDir().map(d -> ServiceProbe.envFile(d, service));
  }

  /**
   * Checks whether a service answers (in keystone mode or more for OpenStack).
   *
   * @param service the service
   * @return its status
   */
  public static ServiceStatus status(LocalService service) {
    return status(service, OpenStackMode.KEYSTONE);
  }

  /**
   * Checks whether a service answers; for OpenStack, in at least the given mode.
   *
   * @param service the service
   * @param openstackMode the OpenStack mode needed (ignored for other services)
   * @return its status
   */
  public static ServiceStatus status(LocalService service, OpenStackMode openstackMode) {
    return ServiceProbe.check(service, openstackMode, localDir(), ServiceProbe.DEFAULT_TIMEOUT);
  }

  /**
   * Reads a service's env file (without checking that the service answers).
   *
   * @param service the service
   * @return its variables
   * @throws ServiceEnvException if no env file is there, naming the command that starts it
   */
  public static ServiceEnv env(LocalService service) {
    Path file = envFile(service).orElseThrow(() -> new ServiceEnvException(
        service + " is not running (no .spe-local directory found: set -Dspe.local.dir or "
            + "SPE_LOCAL_DIR): start it with " + service.startCommand()));
    return ServiceEnv.load(service, file);
  }

  /**
   * Whether this run demands that a service is up ({@code spe.local.require} or, if that
   * property is not set at all, {@code SPE_LOCAL_REQUIRE} is {@code all}, {@code true} or lists
   * the service's id).
   *
   * @param service the service
   * @return true if an unavailable service should fail tests instead of skipping them
   */
  public static boolean isRequired(LocalService service) {
    return isRequired(service, System.getProperty(REQUIRE_PROPERTY), System.getenv(REQUIRE_ENV));
  }

  static boolean isRequired(LocalService service, String property, String env) {
    String spec = property != null ? property : env; // a set but empty property turns it off
    if (spec == null || spec.isBlank()) {
      return false;
    }
    return Arrays.stream(spec.split("[,\\s]+"))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .anyMatch(s -> s.equals("all") || s.equals("true") || s.equals(service.id()));
  }
}
