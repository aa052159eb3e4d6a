package de.denbi.spe.compute;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.SpeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A pooled SSH connection to one host (a cluster's login node): a few SSH sessions, each
 * carrying many channels at once, so that hundreds of commands run without a TCP and key
 * exchange each. Built on the maintained jsch fork (ed25519, OpenSSH certificates, ssh-agent).
 *
 * <ul>
 *   <li>Host keys are always checked against a known_hosts file (default
 *       {@code ~/.ssh/known_hosts}, {@code @cert-authority} lines included); an unknown or
 *       changed key is an {@link InvalidConfigException} naming {@code knownHosts}, never silent
 *       trust.</li>
 *   <li>Keep-alive messages every {@link Builder#keepAlive(Duration)}; a session that dropped is
 *       reconnected on next use. A command is sent again only when its channel could not be
 *       opened (it never ran).</li>
 *   <li>Commands are shell text: quote every value with the helpers of this module's clients,
 *       never concatenate user input.</li>
 * </ul>
 *
 * <pre>{@code
 * try (SshConnection ssh = SshConnection.builder()
 *     .host("login.cluster.example.org").user("alice")
 *     .identityFile(Path.of(System.getProperty("user.home"), ".ssh/id_ed25519"))
 *     .build()) {
 *   CommandResult r = ssh.exec("hostname");
 * }
 * }</pre>
 *
 * <p>Thread-safe; build once and share.
 *
 * @since 0.1.0
 */
public final class SshConnection implements AutoCloseable {
  private static final int MAX_OUTPUT = 64 * 1024 * 1024;

  private final String host;
  private final int port;
  private final String user;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final Duration keepAlive;
  private final JSch jsch;
  private final Pooled[] pool;
  private final AtomicInteger next = new AtomicInteger();
  private final String authDescription;
  private volatile boolean closed;

  private SshConnection(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.user = b.user;
    this.connectTimeout = b.connectTimeout;
    this.commandTimeout = b.commandTimeout;
    this.keepAlive = b.keepAlive;
    this.jsch = new JSch();
    List<String> auth = new ArrayList<>();
    try {
      if (b.knownHostsText != null) {
        jsch.setKnownHosts(new ByteArrayInputStream(b.knownHostsText.getBytes(StandardCharsets.UTF_8)));
      } else {
        Path kh = b.knownHosts != null ? b.knownHosts : defaultKnownHosts();
        if (!Files.isReadable(kh)) {
          throw new InvalidConfigException(
              "knownHosts",
              "cannot read "
                  + kh
                  + "; host keys are always verified: add the server's key (ssh-keyscan -p "
                  + port
                  + " "
                  + host
                  + ", then compare the fingerprint with the site's) or set knownHosts(...)");
        }
        jsch.setKnownHosts(kh.toString());
      }
      if (b.useAgent) {
        SSHAgentConnector agent = b.agentSocket != null
            ? new SSHAgentConnector(new UnixDomainSocketFactory(), b.agentSocket)
            : new SSHAgentConnector(new UnixDomainSocketFactory());
        jsch.setIdentityRepository(new AgentIdentityRepository(agent));
        auth.add("ssh-agent");
      }
      for (Identity id : b.identities) {
        if (id.file != null) {
          jsch.addIdentity(
              id.file.toString(),
              id.certificate == null ? null : id.certificate.toString(),
              id.passphrase);
          auth.add(id.file + (id.certificate == null ? "" : " + certificate " + id.certificate));
        } else {
          jsch.addIdentity(id.name, id.privateKey, id.publicKey, id.passphrase);
          auth.add(id.name);
        }
      }
    } catch (JSchException e) {
      throw new InvalidConfigException("identity", "cannot load the SSH key: " + e.getMessage(), e);
    } catch (AgentProxyException e) {
      throw new InvalidConfigException(
          "useAgent", "no ssh-agent reachable (SSH_AUTH_SOCK): " + e.getMessage(), e);
    }
    this.authDescription = String.join(", ", auth);
    this.pool = new Pooled[b.sessions];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new Pooled(b.channelsPerSession);
    }
  }

  private static Path defaultKnownHosts() {
    return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The host this connection logs in to.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * The port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The user this connection logs in as.
   *
   * @return the user name
   */
  public String user() {
    return user;
  }

  /**
   * Runs a command and returns what it printed, whatever its exit status.
   *
   * @param command shell text; every value in it must be quoted
   * @return the result
   * @throws SpeConnectionException if the host cannot be reached or the connection drops
   * @throws SshLoginException if the login is refused
   */
  public CommandResult exec(String command) {
    return exec(command, null, commandTimeout);
  }

  /**
   * Runs a command with bytes on its standard input.
   *
   * @param command shell text; every value in it must be quoted
   * @param stdin the input, or null for none
   * @param timeout how long the command may run
   * @return the result
   */
  public CommandResult exec(String command, byte[] stdin, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    Pooled p = acquire();
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      InputStream[] out = new InputStream[1];
      ChannelExec ch = (ChannelExec) openChannel(p, "exec", c -> {
        ChannelExec e = (ChannelExec) c;
        e.setCommand(command.getBytes(StandardCharsets.UTF_8));
        e.setInputStream(stdin == null ? null : new ByteArrayInputStream(stdin), false);
        e.setErrStream(err, true);
        try {
          // before connect(): output that arrives earlier would be lost
          out[0] = e.getInputStream();
        } catch (IOException ex) {
          throw new SpeConnectionException("Cannot read from an SSH channel to " + host, ex, true);
        }
      });
      return run(ch, out[0], err, timeout);
    } finally {
      p.permits.release();
    }
  }

  /**
   * Runs a command and fails unless it exits with status 0.
   *
   * @param program what runs, for the message (e.g. {@code sbatch})
   * @param command shell text; every value in it must be quoted
   * @param stdin the input, or null
   * @return the result
   * @throws RemoteCommandException if the exit status is not 0
   */
  public CommandResult check(String program, String command, byte[] stdin) {
    CommandResult r = exec(command, stdin, commandTimeout);
    if (!r.ok()) {
      throw new RemoteCommandException(host, program, r.exitStatus(), r.stderr(), "");
    }
    return r;
  }

  /**
   * Runs an SFTP action on a pooled session (for {@link SftpStaging}).
   *
   * @param action what to do with the channel
   * @param <T> the result type
   * @return the action's result
   */
  <T> T withSftp(SftpAction<T> action) {
    Pooled p = acquire();
    try {
      ChannelSftp ch = (ChannelSftp) openChannel(p, "sftp", c -> {});
      try {
        return action.run(ch);
      } finally {
        ch.disconnect();
      }
    } finally {
      p.permits.release();
    }
  }

  /** An SFTP action. */
  @FunctionalInterface
  interface SftpAction<T> {
    T run(ChannelSftp sftp);
  }

  private Pooled acquire() {
    if (closed) {
      throw new IllegalStateException("SshConnection to " + host + " is closed");
    }
    int start = Math.floorMod(next.getAndIncrement(), pool.length);
    for (int i = 0; i < pool.length; i++) {
      Pooled p = pool[(start + i) % pool.length];
      if (p.permits.tryAcquire()) {
        return p;
      }
    }
    Pooled p = pool[start];
    try {
      if (!p.permits.tryAcquire(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SpeConnectionException(
            "All SSH channels to " + host + " stayed busy for " + commandTimeout.toSeconds()
                + " s; raise sessions(...) or channelsPerSession(...)",
            new IOException("pool exhausted"),
            true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeException("Interrupted while waiting for an SSH channel to " + host, e);
    }
    return p;
  }

  private com.jcraft.jsch.Channel openChannel(
      Pooled p, String type, Consumer<com.jcraft.jsch.Channel> setup) {
    for (int attempt = 1; ; attempt++) {
      Session s = p.session();
      try {
        com.jcraft.jsch.Channel ch = s.openChannel(type);
        setup.accept(ch);
        ch.connect((int) connectTimeout.toMillis());
        return ch;
      } catch (JSchException e) {
        boolean sessionDead = !s.isConnected();
        p.reset(s);
        if (attempt >= 2 || closed) {
          throw new SpeConnectionException(
              "Could not open an SSH " + type + " channel to " + host + ":" + port + " ("
                  + e.getMessage() + "); the command was not run",
              new IOException(e),
              true);
        }
        if (!sessionDead) {
          // the session was alive but refused the channel: start a fresh one and try once more
          continue;
        }
      }
    }
  }

  private CommandResult run(
      ChannelExec ch, InputStream in, ByteArrayOutputStream err, Duration timeout) {
    java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    // blocking reads wake up as soon as data or EOF arrives; the watchdog ends a command that
    // runs too long by closing its channel, which ends the read
    java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      timedOut.set(true);
      ch.disconnect();
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + n > MAX_OUTPUT) {
          throw new SpeConnectionException(
              "The output of a command on " + host + " exceeds " + MAX_OUTPUT + " bytes",
              new IOException("output too large"),
              false);
        }
        out.write(buf, 0, n);
      }
      // the exit status arrives with (or just before) the channel's close
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!ch.isClosed() && !timedOut.get() && System.nanoTime() - until < 0) {
        TimeUnit.MICROSECONDS.sleep(100);
      }
      if (timedOut.get()) {
        throw timeout(timeout);
      }
      return new CommandResult(
          ch.getExitStatus(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      if (timedOut.get()) {
        throw timeout(timeout);
      }
      throw new SpeConnectionException(
          "The SSH connection to " + host + " failed during a command (" + e.getMessage()
              + "); it may have taken effect",
          e,
          false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeException("Interrupted while running a command on " + host, e);
    } finally {
      watchdog.cancel(false);
      ch.disconnect();
    }
  }

  private SpeConnectionException timeout(Duration timeout) {
    return new SpeConnectionException(
        "A command on " + host + " did not finish within " + timeout.toSeconds()
            + " s; its channel was closed (the command may have taken effect)",
        new IOException("command timeout"),
        false);
  }

  private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spe-ssh-watchdog");
        t.setDaemon(true);
        return t;
      });

  /** Closes every session. */
  @Override
  public void close() {
    closed = true;
    for (Pooled p : pool) {
      p.close();
    }
  }

  @Override
  public String toString() {
    return "SshConnection[" + user + "@" + host + ":" + port + ", auth=" + authDescription
        + ", sessions=" + pool.length + "]";
  }

  private final class Pooled {
    final Semaphore permits;
    private Session session;

    Pooled(int channels) {
      this.permits = new Semaphore(channels, true);
    }

    synchronized Session session() {
      if (session != null && session.isConnected()) {
        return session;
      }
      if (closed) {
        throw new IllegalStateException("SshConnection to " + host + " is closed");
      }
      try {
        Session s = jsch.getSession(user, host, port);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval((int) keepAlive.toMillis());
        s.setServerAliveCountMax(3);
        s.connect((int) connectTimeout.toMillis());
        session = s;
        return s;
      } catch (JSchException e) {
        throw mapConnectFailure(e);
      }
    }

    synchronized void reset(Session s) {
      if (session == s) {
        session = null;
      }
      s.disconnect();
    }

    synchronized void close() {
      if (session != null) {
        session.disconnect();
        session = null;
      }
    }
  }

  private SpeException mapConnectFailure(JSchException e) {
    String m = String.valueOf(e.getMessage());
    String where = user + "@" + host + ":" + port;
    if (m.startsWith("UnknownHostKey") || m.contains("HostKey has been changed")
        || m.contains("reject HostKey") || e instanceof com.jcraft.jsch.JSchInvalidHostCertificateException) {
      return new InvalidConfigException(
          "knownHosts",
          "the host key of " + host + ":" + port + " is not trusted (" + m + "). Compare its "
              + "fingerprint with the one the site publishes, then add it to known_hosts; a "
              + "changed key can mean an attack",
          e);
    }
    if (m.contains("Auth fail") || m.contains("Auth cancel") || m.contains("USERAUTH fail")) {
      return new SshLoginException(
          "SSH login as " + where + " was refused (tried: " + authDescription + "); check the user "
              + "name and that the public key is in its ~/.ssh/authorized_keys",
          e);
    }
    return new SpeConnectionException(
        "Could not connect to " + where + " (" + m + "); check the host, port and network",
        new IOException(e),
        true);
  }

  private record Identity(
      Path file, Path certificate, String name, byte[] privateKey, byte[] publicKey, byte[] passphrase) {}

  /**
   * Builds an {@link SshConnection}; {@link #build()} validates.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String host;
    private int port = 22;
    private String user;
    private Path knownHosts;
    private String knownHostsText;
    private final List<Identity> identities = new ArrayList<>();
    private boolean useAgent;
    private Path agentSocket;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration commandTimeout = Duration.ofMinutes(10);
    private Duration keepAlive = Duration.ofSeconds(30);
    private int sessions = 2;
    private int channelsPerSession = 8;

    private Builder() {}

    /**
     * The host to log in to.
     *
     * @param host a host name or address
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Host and port of a site's SLURM login node ({@code slurm.loginHost}, {@code slurm.sshPort}
     * of the site profile).
     *
     * @param site the site's SLURM settings
     * @return this builder
     */
    public Builder site(de.denbi.spe.core.profile.SlurmSettings site) {
      if (site.loginHost() == null) {
        throw new InvalidConfigException("slurm.loginHost", "the site profile sets no SLURM login host");
      }
      this.host = site.loginHost();
      if (site.sshPort() > 0) {
        this.port = site.sshPort();
      }
      return this;
    }

    /**
     * The SSH port (default 22).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The user to log in as.
     *
     * @param user the user name
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * The known_hosts file to verify the host key with (default {@code ~/.ssh/known_hosts}).
     *
     * @param file the file
     * @return this builder
     */
    public Builder knownHosts(Path file) {
      this.knownHosts = Objects.requireNonNull(file, "knownHosts");
      this.knownHostsText = null;
      return this;
    }

    /**
     * known_hosts lines given directly (e.g. from the site profile).
     *
     * @param lines the lines in known_hosts format
     * @return this builder
     */
    public Builder knownHostsText(String lines) {
      this.knownHostsText = Objects.requireNonNull(lines, "knownHostsText");
      this.knownHosts = null;
      return this;
    }

    /**
     * A private key file without passphrase (ed25519, ECDSA, RSA; OpenSSH or PEM format).
     *
     * @param privateKey the key file
     * @return this builder
     */
    public Builder identityFile(Path privateKey) {
      return identityFile(privateKey, null, null);
    }

    /**
     * A private key file, optionally with a passphrase and an OpenSSH certificate
     * ({@code id_ed25519-cert.pub}) signed by the site's CA.
     *
     * @param privateKey the key file
     * @param certificate the certificate file, or null
     * @param passphrase the key's passphrase, or null; copied, the caller may clear its array
     * @return this builder
     */
    public Builder identityFile(Path privateKey, Path certificate, char[] passphrase) {
      Objects.requireNonNull(privateKey, "privateKey");
      if (!Files.isReadable(privateKey)) {
        throw new InvalidConfigException("identityFile", "cannot read " + privateKey);
      }
      if (certificate != null && !Files.isReadable(certificate)) {
        throw new InvalidConfigException("certificate", "cannot read " + certificate);
      }
      identities.add(new Identity(privateKey, certificate, null, null, null, bytes(passphrase)));
      return this;
    }

    /**
     * A key held in memory (e.g. from a vault).
     *
     * @param name a name for messages
     * @param privateKey the private key in OpenSSH or PEM format
     * @param publicKeyOrCertificate the public key or certificate line, or null
     * @return this builder
     */
    public Builder identity(String name, byte[] privateKey, byte[] publicKeyOrCertificate) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(privateKey, "privateKey");
      identities.add(new Identity(null, null, name, privateKey.clone(),
          publicKeyOrCertificate == null ? null : publicKeyOrCertificate.clone(), null));
      return this;
    }

    /**
     * Use the keys of the running ssh-agent ({@code SSH_AUTH_SOCK}).
     *
     * @param agent true to use the agent
     * @return this builder
     */
    public Builder useAgent(boolean agent) {
      this.useAgent = agent;
      return this;
    }

    /**
     * Use the keys of the ssh-agent listening on a socket.
     *
     * @param socket the agent's socket (what {@code SSH_AUTH_SOCK} names)
     * @return this builder
     */
    public Builder useAgent(Path socket) {
      this.agentSocket = Objects.requireNonNull(socket, "socket");
      this.useAgent = true;
      return this;
    }

    /**
     * Connect timeout (default 15 s), also for opening a channel.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How long one command may run (default 10 min).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Interval of keep-alive messages (default 30 s); after three unanswered the session is
     * dropped and reconnected on next use.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder keepAlive(Duration interval) {
      this.keepAlive = interval;
      return this;
    }

    /**
     * How many SSH sessions (TCP connections) to keep (default 2).
     *
     * @param sessions 1 to 32
     * @return this builder
     */
    public Builder sessions(int sessions) {
      this.sessions = sessions;
      return this;
    }

    /**
     * How many channels (concurrent commands) one session carries (default 8; OpenSSH allows
     * {@code MaxSessions}, 10 by default).
     *
     * @param channels 1 to 64
     * @return this builder
     */
    public Builder channelsPerSession(int channels) {
      this.channelsPerSession = channels;
      return this;
    }

    /**
     * Applies a configuration function.
     *
     * @param config the function
     * @return this builder
     */
    public Builder apply(Consumer<Builder> config) {
      config.accept(this);
      return this;
    }

    /**
     * Validates and builds. No connection is opened until the first command.
     *
     * @return the connection
     */
    public SshConnection build() {
      if (host == null || host.isBlank()) {
        throw new InvalidConfigException("host", "must be set");
      }
      Shell.oneLine(host, "host");
      if (port < 1 || port > 65535) {
        throw new InvalidConfigException("port", "must be 1..65535, was " + port);
      }
      if (user == null || !user.matches("[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,63}")) {
        throw new InvalidConfigException("user", "must be a user name, was '" + Shell.printable(user) + "'");
      }
      if (identities.isEmpty() && !useAgent) {
        throw new InvalidConfigException(
            "identity", "no key: set identityFile(...), identity(...) or useAgent(true)");
      }
      positive(connectTimeout, "connectTimeout");
      positive(commandTimeout, "commandTimeout");
      positive(keepAlive, "keepAlive");
      if (sessions < 1 || sessions > 32) {
        throw new InvalidConfigException("sessions", "must be 1..32, was " + sessions);
      }
      if (channelsPerSession < 1 || channelsPerSession > 64) {
        throw new InvalidConfigException(
            "channelsPerSession", "must be 1..64, was " + channelsPerSession);
      }
      return new SshConnection(this);
    }

    private static void positive(Duration d, String key) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new InvalidConfigException(key, "must be a positive duration, was " + d);
      }
    }

    private static byte[] bytes(char[] passphrase) {
      if (passphrase == null) {
        return null;
      }
      return new String(passphrase).getBytes(StandardCharsets.UTF_8);
    }
  }
}
