package de.denbi.spe.testkit.internal;

import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.OpenStackMode;
import de.denbi.spe.testkit.ServiceEnv;
import de.denbi.spe.testkit.ServiceEnvException;
import de.denbi.spe.testkit.ServiceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a local service really answers: its env file exists and the ports named there
 * accept connections (SSH answers with its banner, HTTP endpoints with any HTTP response, the
 * OIDC discovery document with 200).
 */
public final class ServiceProbe {

  /** Default time allowed for each connection and answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private ServiceProbe() {}

  /**
   * Checks a service.
   *
   * @param service the service
   * @param mode the OpenStack mode needed (ignored for the others)
   * @param localDir the local services directory, empty if none is known
   * @param timeout per connection attempt
   * @return the status with a message naming the service and the start command
   */
  public static ServiceStatus check(LocalService service, OpenStackMode mode,
      Optional<Path> localDir, Duration timeout) {
    OpenStackMode needed = service == LocalService.OPENSTACK ? mode : OpenStackMode.KEYSTONE;
    if (localDir.isEmpty()) {
      return new ServiceStatus(service, needed, false, "no " + LocalDirLocator.DIR_NAME
          + " directory found: set -D" + LocalDirLocator.PROPERTY + " or " + LocalDirLocator.ENV,
          null);
    }
    Path file = envFile(localDir.get(), service);
    if (!Files.isRegularFile(file)) {
      return new ServiceStatus(service, needed, false, "no " + file, file);
    }
    ServiceEnv env;
    try {
      env = ServiceEnv.load(service, file);
    } catch (ServiceEnvException e) {
      return new ServiceStatus(service, needed, false, e.getMessage(), file);
    }
    try {
      List<String> answered = new ArrayList<>();
      Optional<String> problem = switch (service) {
        case SLURM -> slurm(env, timeout, answered);
        case CEPH -> http(env, "SPE_S3_ENDPOINT", "", false, timeout, answered);
        case KEYCLOAK -> http(env, "SPE_OIDC_ISSUER", "/.well-known/openid-configuration", true,
            timeout, answered);
        case OPENSTACK -> openstack(env, needed, timeout, answered);
      };
      if (problem.isPresent()) {
        return new ServiceStatus(service, needed, false, problem.get(), file);
      }
      return new ServiceStatus(service, needed, true, String.join(", ", answered), file);
    } catch (ServiceEnvException e) {
      return new ServiceStatus(service, needed, false, e.getMessage(), file);
    }
  }

  /**
   * Where a service's env file is.
   *
   * @param localDir the local services directory
   * @param service the service
   * @return {@code <localDir>/<id>/env.sh}
   */
  public static Path envFile(Path localDir, LocalService service) {
    return localDir.resolve(service.id()).resolve("env.sh");
  }

  private static Optional<String> slurm(ServiceEnv env, Duration timeout, List<String> answered) {
    boolean any = false;
    if (env.has("SPE_SLURM_SSH_PORT")) {
      any = true;
      String host = env.getOrDefault("SPE_SLURM_SSH_HOST", "127.0.0.1");
      int port = env.requireInt("SPE_SLURM_SSH_PORT");
      Optional<String> p = sshBanner(host, port, timeout);
      if (p.isPresent()) {
        return p;
      }
      answered.add("sshd on " + host + ":" + port);
    }
    if (env.has("SPE_SLURMRESTD_URL")) {
      any = true;
      Optional<String> p = http(env, "SPE_SLURMRESTD_URL", "", false, timeout, answered);
      if (p.isPresent()) {
        return p;
      }
    }
    return any ? Optional.empty() : Optional.of(env.file()
        + " names neither SPE_SLURM_SSH_PORT nor SPE_SLURMRESTD_URL");
  }

  private static Optional<String> openstack(ServiceEnv env, OpenStackMode needed,
      Duration timeout, List<String> answered) {
    String modeValue = env.getOrDefault("SPE_OS_MODE", "keystone");
    Optional<OpenStackMode> running = OpenStackMode.parse(modeValue);
    if (running.isEmpty()) {
      return Optional.of("SPE_OS_MODE in " + env.file() + " is neither keystone nor full: '"
          + modeValue + "'");
    }
    if (!needed.isSatisfiedBy(running.get())) {
      return Optional.of("only " + running.get().id() + " mode runs, SPE_OS_MODE="
          + running.get().id() + " in " + env.file() + ", and this test needs " + needed.id()
          + " mode");
    }
    Optional<String> p = http(env, "OS_AUTH_URL", "", false, timeout, answered);
    if (p.isEmpty()) {
      answered.add(running.get().id() + " mode");
    }
    return p;
  }

  private static Optional<String> http(ServiceEnv env, String variable, String suffix,
      boolean need200, Duration timeout, List<String> answered) {
    URI base = env.requireUri(variable);
    String b = base.toString();
    URI uri = URI.create(suffix.isEmpty() ? b
        : (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + suffix);
    Optional<String> p = httpGet(uri, need200, timeout);
    if (p.isEmpty()) {
      answered.add(uri.toString());
    }
    return p.map(s -> s + " (" + variable + " in " + env.file() + ")");
  }

  /**
   * GETs a URL.
   *
   * @param uri the URL
   * @param need200 whether only 200 counts as an answer
   * @param timeout connect and read timeout
   * @return empty if it answered, else what went wrong
   */
  public static Optional<String> httpGet(URI uri, boolean need200, Duration timeout) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) timeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      c.setInstanceFollowRedirects(false);
      c.setRequestProperty("User-Agent", "spe-testkit-probe");
      int code = c.getResponseCode();
      if (code < 0) {
        return Optional.of(uri + " gave no HTTP answer");
      }
      if (need200 && code != 200) {
        return Optional.of(uri + " answered HTTP " + code + " instead of 200");
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(uri + " does not answer: " + describe(e));
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  /**
   * Connects to an SSH server and reads its identification line.
   *
   * @param host the host
   * @param port the port
   * @param timeout connect and read timeout
   * @return empty if it answered {@code SSH-...}, else what went wrong
   */
  public static Optional<String> sshBanner(String host, int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      int n = 0;
      while (n < buf.length) {
        int r = in.read();
        if (r < 0 || r == '\n') {
          break;
        }
        buf[n++] = (byte) r;
      }
      String line = new String(buf, 0, n, StandardCharsets.US_ASCII);
      return line.startsWith("SSH-") ? Optional.empty()
          : Optional.of(host + ":" + port + " is not an SSH server");
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(host + ":" + port + " does not answer: " + describe(e));
    }
  }

  /**
   * Whether a TCP port accepts connections.
   *
   * @param host the host
   * @param port the port
   * @param timeout connect timeout
   * @return empty if it accepted, else what went wrong
   */
  public static Optional<String> tcp(String host, int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(host + ":" + port + " does not answer: " + describe(e));
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
