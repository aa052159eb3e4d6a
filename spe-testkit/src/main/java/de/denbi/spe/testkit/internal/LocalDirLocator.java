package de.denbi.spe.testkit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the directory the local services write to: the system property {@code spe.local.dir}
 * (set by the build for surefire and failsafe), else the environment variable {@code
 * SPE_LOCAL_DIR}, else the first {@code .spe-local} directory found from the working directory
 * upwards.
 */
public final class LocalDirLocator {

  /** The system property naming the directory. */
  public static final String PROPERTY = "spe.local.dir";

  /** The environment variable naming the directory. */
  public static final String ENV = "SPE_LOCAL_DIR";

  /** The directory name searched for upwards from the working directory. */
  public static final String DIR_NAME = ".spe-local";

  private LocalDirLocator() {}

  /**
   * Locates the directory.
   *
   * @return where it is (or, when configured explicitly, where it should be: it may not exist);
   *     empty when nothing is configured and no {@code .spe-local} exists above the working dir
   */
  public static Optional<Path> locate() {
    return locate(System.getProperty(PROPERTY), System.getenv(ENV),
        Path.of("").toAbsolutePath());
  }

  /**
   * Locates the directory from explicit inputs (for tests).
   *
   * @param property value of the system property, may be null
   * @param env value of the environment variable, may be null
   * @param cwd where to start searching upwards
   * @return the directory, see {@link #locate()}
   */
  public static Optional<Path> locate(String property, String env, Path cwd) {
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property.strip()).toAbsolutePath().normalize());
    }
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env.strip()).toAbsolutePath().normalize());
    }
    for (Path p = cwd.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      Path candidate = p.resolve(DIR_NAME);
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
