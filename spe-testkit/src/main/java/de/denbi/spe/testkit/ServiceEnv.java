package de.denbi.spe.testkit;

import de.denbi.spe.testkit.internal.EnvFileParser;
import de.denbi.spe.testkit.internal.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The variables a local service wrote to its {@code env.sh}, with typed getters.
 *
 * <p>Values are read without running a shell. An empty value counts as unset. The {@code
 * require*} getters fail with a {@link ServiceEnvException} that names the variable and the file;
 * {@code toString()} lists variable names only, never values.
 *
 * @since 0.1.0
 */
public final class ServiceEnv {

  private final LocalService service;
  private final Path file;
  private final Map<String, String> values;

  private ServiceEnv(LocalService service, Path file, Map<String, String> values) {
    this.service = Objects.requireNonNull(service, "service");
    this.file = Objects.requireNonNull(file, "file");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Reads and parses an env file.
   *
   * @param service the service that wrote it
   * @param file the file, e.g. {@code .spe-local/ceph/env.sh}
   * @return the variables
   * @throws ServiceEnvException if the file is missing, unreadable or malformed
   */
  public static ServiceEnv load(LocalService service, Path file) {
    try {
      return new ServiceEnv(service, file, EnvFileParser.parse(file));
    } catch (NoSuchFileException e) {
      throw new ServiceEnvException("no " + file + ": start " + service + " with "
          + service.startCommand(), e);
    } catch (IOException e) {
      throw new ServiceEnvException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ServiceEnvException("malformed env file " + e.getMessage(), e);
    }
  }

  /**
   * An env from given values, e.g. for tests of code that takes a {@code ServiceEnv}.
   *
   * @param service the service
   * @param file where the values are said to come from (used in messages only)
   * @param values the variables
   * @return the env
   */
  public static ServiceEnv of(LocalService service, Path file, Map<String, String> values) {
    return new ServiceEnv(service, file, values);
  }

  /**
   * The service that wrote the file.
   *
   * @return the service
   */
  public LocalService service() {
    return service;
  }

  /**
   * The file the values come from.
   *
   * @return the path of {@code env.sh}
   */
  public Path file() {
    return file;
  }

  /**
   * The names of all variables, set or empty.
   *
   * @return the names in file order
   */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * All variables, for example to pass them to a child process. Contains secrets.
   *
   * @return an unmodifiable map in file order
   */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * Whether a variable is set to a non-empty value.
   *
   * @param name the variable
   * @return true if set
   */
  public boolean has(String name) {
    String v = values.get(name);
    return v != null && !v.isEmpty();
  }

  /**
   * A variable.
   *
   * @param name the variable
   * @return its value, empty if unset or empty
   */
  public Optional<String> get(String name) {
    return has(name) ? Optional.of(values.get(name)) : Optional.empty();
  }

  /**
   * A variable or a default.
   *
   * @param name the variable
   * @param defaultValue returned when unset
   * @return the value or the default
   */
  public String getOrDefault(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  /**
   * A variable that must be set.
   *
   * @param name the variable
   * @return its value
   * @throws ServiceEnvException naming the variable and the file if it is unset
   */
  public String require(String name) {
    return get(name).orElseThrow(() -> new ServiceEnvException(
        name + " is not set in " + file + " (written by " + service.startCommand()
            + "; set there: " + String.join(", ", names()) + ")"));
  }

  /**
   * An integer variable.
   *
   * @param name the variable
   * @return its value, empty if unset
   * @throws ServiceEnvException if set but not an integer
   */
  public Optional<Integer> getInt(String name) {
    return get(name).map(v -> {
      try {
        return Integer.valueOf(v.strip());
      } catch (NumberFormatException e) {
        throw invalid(name, "an integer", v, e);
      }
    });
  }

  /**
   * An integer variable that must be set.
   *
   * @param name the variable
   * @return its value
   * @throws ServiceEnvException if unset or not an integer
   */
  public int requireInt(String name) {
    require(name);
    return getInt(name).orElseThrow();
  }

  /**
   * A boolean variable ({@code true/false}, {@code 1/0}, {@code yes/no}).
   *
   * @param name the variable
   * @param defaultValue returned when unset
   * @return the value
   * @throws ServiceEnvException if set to something else
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw invalid(name, "a boolean (true/false)", v.get(), null);
    };
  }

  /**
   * A URI variable.
   *
   * @param name the variable
   * @return its value, empty if unset
   * @throws ServiceEnvException if set but not an absolute URI
   */
  public Optional<URI> getUri(String name) {
    return get(name).map(v -> {
      try {
        URI uri = new URI(v.strip());
        if (!uri.isAbsolute()) {
          throw invalid(name, "an absolute URI", v, null);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw invalid(name, "a URI", v, e);
      }
    });
  }

  /**
   * A URI variable that must be set.
   *
   * @param name the variable
   * @return its value
   * @throws ServiceEnvException if unset or not an absolute URI
   */
  public URI requireUri(String name) {
    require(name);
    return getUri(name).orElseThrow();
  }

  /**
   * A path variable; a relative path is resolved against the env file's directory.
   *
   * @param name the variable
   * @return its value, empty if unset
   * @throws ServiceEnvException if set but not a path
   */
  public Optional<Path> getPath(String name) {
    return get(name).map(v -> {
      try {
        Path dir = file.toAbsolutePath().getParent();
        Path p = Path.of(v);
        return dir == null ? p : dir.resolve(p).normalize();
      } catch (InvalidPathException e) {
        throw invalid(name, "a path", v, e);
      }
    });
  }

  /**
   * A path variable that must be set (the file need not exist).
   *
   * @param name the variable
   * @return its value
   * @throws ServiceEnvException if unset or not a path
   */
  public Path requirePath(String name) {
    require(name);
    return getPath(name).orElseThrow();
  }

  private ServiceEnvException invalid(String name, String expected, String value, Throwable cause) {
    String shown = Redaction.isSecretName(name) ? Redaction.REDACTED : "'" + value + "'";
    return new ServiceEnvException(
        name + " in " + file + " is not " + expected + ": " + shown, cause);
  }

  /**
   * The service, the file and the variable names; never values.
   *
   * @return a description without secrets
   */
  @Override
  public String toString() {
    return "ServiceEnv[" + service + ", " + file + ", " + names() + "]";
  }
}
