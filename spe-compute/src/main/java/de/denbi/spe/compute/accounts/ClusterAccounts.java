package de.denbi.spe.compute.accounts;

import de.denbi.spe.compute.CommandResult;
import de.denbi.spe.compute.RemoteCommandException;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Adds, removes, lists researchers' accounts on a cluster's master and all its workers, over
 * SSH with {@code sudo} (BiBiGrid's {@code ubuntu} user has passwordless sudo). Every operation
 * is idempotent: adding an account twice, or a key it already has, changes nothing; removing an
 * absent account is fine.
 *
 * <p>Accounts are plain users without sudo, members of a marker group (default
 * {@code spe-users}); only members of that group are ever changed or removed, so a typo cannot
 * touch {@code root} or a service account. User names are checked against
 * {@code [a-z_][a-z0-9_-]{0,31}} and a list of reserved names; keys are
 * {@linkplain SshPublicKey#parse(String) validated}; every value is quoted; symlinked
 * {@code ~/.ssh} files are refused (a user cannot make root write elsewhere).
 *
 * <pre>{@code
 * ClusterAccounts accounts = ClusterAccounts.builder()
 *     .host(master).host(worker1).host(worker2)   // SshConnections as the admin user
 *     .auditSink(audit)
 *     .build();
 * accounts.add("alice", SshPublicKey.parse(Files.readString(alicePub)));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ClusterAccounts {
  private static final Pattern USERNAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Set<String> RESERVED = Set.of(
      "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
      "www-data", "backup", "list", "irc", "gnats", "nobody", "sshd", "slurm", "munge", "ubuntu",
      "debian", "admin", "sudo", "wheel", "adm", "staff", "operator", "messagebus", "syslog",
      "_apt", "nfs", "nfsnobody", "postfix", "ntp", "chrony", "polkitd", "lxd", "docker",
      "zabbix", "prometheus", "grafana", "mysql", "postgres", "rabbitmq", "nova", "neutron",
      "glance", "keystone", "placement", "ceph", "keycloak", "speuser");

  private final List<SshConnection> hosts;
  private final boolean sudo;
  private final String group;
  private final String shell;
  private final AuditSink audit;
  private final String actor;

  private ClusterAccounts(Builder b) {
    this.hosts = List.copyOf(b.hosts);
    this.sudo = b.sudo;
    this.group = b.group;
    this.shell = b.shell;
    this.audit = b.audit;
    this.actor = b.actor;
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
   * Checks a user name.
   *
   * @param username the name
   * @return the name
   * @throws InvalidRequestException (field {@code username}) if it is not acceptable
   */
  public static String validateUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new InvalidRequestException("username", "must be 1-32 characters of a-z, 0-9, _ and -,"
          + " starting with a letter or _, was '" + Shell.printable(username) + "'");
    }
    if (RESERVED.contains(username) || username.startsWith("systemd-")) {
      throw new InvalidRequestException("username", "'" + username + "' is reserved for the system");
    }
    return username;
  }

  /**
   * Creates the account on every host if missing (no sudo, shell {@code /bin/bash}, home with
   * {@code ~/.ssh} 700 and {@code authorized_keys} 600) and adds the key if missing.
   *
   * @param username the user name
   * @param key the researcher's public key
   */
  public void add(String username, SshPublicKey key) {
    validateUsername(username);
    Objects.requireNonNull(key, "key");
    String script = header(username) + "key=" + Shell.quote(key.line(), "publicKey") + "\n"
        + "sh_=" + Shell.quote(shell, "shell") + "\n"
        + "getent group \"$g\" >/dev/null || groupadd \"$g\"\n"
        + "if id -u \"$u\" >/dev/null 2>&1; then\n" + MANAGED_CHECK
        + "else\n  useradd -m -s \"$sh_\" -G \"$g\" \"$u\"\n"
        // '*' = no password at all, but not "locked" ('!'): sshd without PAM refuses locked
        // accounts even for key logins
        + "  usermod -p '*' \"$u\"\nfi\n"
        + SSH_DIR
        + "grep -qxF \"$key\" \"$f\" || printf '%s\\n' \"$key\" >> \"$f\"\n"
        + "chown \"$u:$pg\" \"$f\"; chmod 600 \"$f\"\n";
    onAll("useradd", script, "account.add", username, Map.of("key", key.fingerprint()));
  }

  /**
   * Replaces all keys of an account with one new key (atomically on each host).
   *
   * @param username the user name
   * @param key the new key
   */
  public void rotateKey(String username, SshPublicKey key) {
    validateUsername(username);
    Objects.requireNonNull(key, "key");
    String script = header(username) + "key=" + Shell.quote(key.line(), "publicKey") + "\n"
        + "if ! id -u \"$u\" >/dev/null 2>&1; then echo \"no such account: $u\" >&2; exit 3; fi\n"
        + MANAGED_CHECK
        + SSH_DIR
        + "t=$(mktemp \"$h/.ssh/.authorized_keys.XXXXXX\")\n"
        + "printf '%s\\n' \"$key\" > \"$t\"\n"
        + "chown \"$u:$pg\" \"$t\"; chmod 600 \"$t\"; mv -f \"$t\" \"$f\"\n";
    onAll("rotate key", script, "account.rotate-key", username, Map.of("key", key.fingerprint()));
  }

  /**
   * Removes the account, its home directory, its processes and its SLURM jobs on every host.
   *
   * @param username the user name
   */
  public void remove(String username) {
    validateUsername(username);
    String script = header(username)
        + "if ! id -u \"$u\" >/dev/null 2>&1; then exit 0; fi\n"
        + MANAGED_CHECK
        + "if command -v scancel >/dev/null 2>&1; then scancel -u \"$u\" 2>/dev/null || true; fi\n"
        + "pkill -KILL -u \"$u\" 2>/dev/null || true\n"
        + "sleep 0.2\n"
        + "if ! userdel -r \"$u\" 2>/dev/null; then\n"
        + "  if id -u \"$u\" >/dev/null 2>&1; then userdel -f -r \"$u\"; fi\n"
        + "fi\n";
    onAll("userdel", script, "account.remove", username, Map.of());
  }

  /**
   * The managed accounts (members of the marker group) on all hosts.
   *
   * @return the accounts, with the hosts that have them
   */
  public List<ClusterAccount> list() {
    String script = "g=" + Shell.quote(group, "group") + "\n"
        + "m=$(getent group \"$g\" | cut -d: -f4)\n"
        + "IFS=,\nfor u in $m; do\n  h=$(getent passwd \"$u\" | cut -d: -f6)\n"
        + "  printf '@@%s\\n' \"$u\"\n"
        + "  [ -L \"$h/.ssh/authorized_keys\" ] || cat \"$h/.ssh/authorized_keys\" 2>/dev/null || true\n"
        + "done\n";
    Map<String, List<String>> hostsOf = new LinkedHashMap<>();
    Map<String, List<String>> keysOf = new LinkedHashMap<>();
    Map<SshConnection, CommandResult> results = run(script, "getent");
    for (Map.Entry<SshConnection, CommandResult> e : results.entrySet()) {
      String user = null;
      for (String line : e.getValue().stdout().split("\n")) {
        if (line.startsWith("@@")) {
          user = line.substring(2).strip();
          hostsOf.computeIfAbsent(user, k -> new ArrayList<>()).add(e.getKey().host());
          if (keysOf.containsKey(user)) {
            user = null; // keys from the first host only
          } else {
            keysOf.put(user, new ArrayList<>());
          }
        } else if (user != null && !line.isBlank()) {
          try {
            keysOf.get(user).add(SshPublicKey.parse(line).fingerprint());
          } catch (InvalidRequestException ex) {
            keysOf.get(user).add("unparsable line");
          }
        }
      }
    }
    List<ClusterAccount> out = new ArrayList<>();
    hostsOf.forEach((u, h) -> out.add(new ClusterAccount(u, h, keysOf.getOrDefault(u, List.of()))));
    return out;
  }

  private static final String MANAGED_CHECK =
      "  case \",$(getent group \"$g\" | cut -d: -f4),\" in *\",$u,\"*) ;;\n"
          + "    *) echo \"$u exists but is not a managed account (not in group $g): left alone\" >&2; exit 3;;\n"
          + "  esac\n";

  private static final String SSH_DIR =
      "h=$(getent passwd \"$u\" | cut -d: -f6)\npg=$(id -gn \"$u\")\n"
          + "if [ -L \"$h/.ssh\" ] || [ -L \"$h/.ssh/authorized_keys\" ]; then"
          + " echo \"$h/.ssh is a symlink: refused\" >&2; exit 5; fi\n"
          + "install -d -m 700 -o \"$u\" -g \"$pg\" \"$h/.ssh\"\n"
          + "f=\"$h/.ssh/authorized_keys\"\n"
          + "[ -e \"$f\" ] || install -m 600 -o \"$u\" -g \"$pg\" /dev/null \"$f\"\n";

  private String header(String username) {
    return "set -e\nu=" + Shell.quote(username, "username") + "\ng=" + Shell.quote(group, "group") + "\n";
  }

  private void onAll(String program, String script, String action, String user, Map<String, String> d) {
    Map<SshConnection, CommandResult> results;
    try {
      results = run(script, program);
    } catch (SpeException e) {
      record(action, user, AuditOutcome.FAILURE, d);
      throw e;
    }
    List<String> failed = new ArrayList<>();
    StringBuilder err = new StringBuilder();
    int status = 0;
    for (Map.Entry<SshConnection, CommandResult> e : results.entrySet()) {
      if (!e.getValue().ok()) {
        failed.add(e.getKey().host());
        status = e.getValue().exitStatus();
        err.append(e.getKey().host()).append(": ").append(e.getValue().stderr().strip()).append("; ");
      }
    }
    if (!failed.isEmpty()) {
      record(action, user, AuditOutcome.FAILURE, d);
      throw new RemoteCommandException(String.join(",", failed), program + " for " + user, status,
          err.toString(), sudo ? "The SSH user needs passwordless sudo (sudo -n)" : "");
    }
    record(action, user, AuditOutcome.SUCCESS, d);
  }

  private Map<SshConnection, CommandResult> run(String script, String program) {
    String command = (sudo ? "sudo -n " : "") + "sh -c " + Shell.quote(script, "script");
    Map<SshConnection, CommandResult> out = new LinkedHashMap<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<SshConnection, Future<CommandResult>> futures = new LinkedHashMap<>();
      for (SshConnection h : hosts) {
        futures.put(h, ex.submit(() -> h.exec(command)));
      }
      for (Map.Entry<SshConnection, Future<CommandResult>> f : futures.entrySet()) {
        out.put(f.getKey(), unwrap(f.getValue(), program, f.getKey()));
      }
    }
    return out;
  }

  private static CommandResult unwrap(Future<CommandResult> f, String program, SshConnection h) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SpeException se) {
        throw se;
      }
      throw new SpeException(program + " on " + h.host() + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeException("Interrupted during " + program, e);
    }
  }

  private void record(String action, String user, AuditOutcome outcome, Map<String, String> d) {
    Map<String, String> details = new LinkedHashMap<>(d);
    details.put("hosts", String.join(",", hosts.stream().map(SshConnection::host).toList()));
    AuditSink.safeRecord(audit, AuditEvent.now(actor, "CLUSTER", action, "account:" + user, outcome, details));
  }

  @Override
  public String toString() {
    return "ClusterAccounts[hosts=" + hosts.stream().map(SshConnection::host).toList() + ", group="
        + group + ", sudo=" + sudo + "]";
  }

  /**
   * Builds {@link ClusterAccounts}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<SshConnection> hosts = new ArrayList<>();
    private boolean sudo = true;
    private String group = "spe-users";
    private String shell = "/bin/bash";
    private AuditSink audit = AuditSink.noop();
    private String actor;

    private Builder() {}

    /**
     * A host to manage accounts on (the master, then every worker).
     *
     * @param connection a connection as a user with passwordless sudo (or root)
     * @return this builder
     */
    public Builder host(SshConnection connection) {
      hosts.add(Objects.requireNonNull(connection, "connection"));
      return this;
    }

    /**
     * Hosts to manage accounts on.
     *
     * @param connections the connections
     * @return this builder
     */
    public Builder hosts(List<SshConnection> connections) {
      connections.forEach(this::host);
      return this;
    }

    /**
     * Whether commands run under {@code sudo -n} (default true; false when logged in as root).
     *
     * @param sudo true to use sudo
     * @return this builder
     */
    public Builder sudo(boolean sudo) {
      this.sudo = sudo;
      return this;
    }

    /**
     * The marker group of managed accounts (default {@code spe-users}).
     *
     * @param group the group name
     * @return this builder
     */
    public Builder group(String group) {
      if (group == null || !USERNAME.matcher(group).matches()) {
        throw new InvalidConfigException("group", "must be a group name, was '" + Shell.printable(group) + "'");
      }
      this.group = group;
      return this;
    }

    /**
     * The login shell of new accounts (default {@code /bin/bash}).
     *
     * @param shell an absolute path
     * @return this builder
     */
    public Builder shell(String shell) {
      if (shell == null || !shell.matches("/[A-Za-z0-9_./-]+")) {
        throw new InvalidConfigException("shell", "must be an absolute path, was '" + Shell.printable(shell) + "'");
      }
      this.shell = shell;
      return this;
    }

    /**
     * Where account changes are reported.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Who is making the changes, for the audit trail (default: the first host's SSH user).
     *
     * @param actor e.g. the site admin's OIDC sub
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the accounts manager
     */
    public ClusterAccounts build() {
      if (hosts.isEmpty()) {
        throw new InvalidConfigException("hosts", "at least one host (the master) is needed");
      }
      if (actor == null) {
        actor = hosts.getFirst().user();
      }
      return new ClusterAccounts(this);
    }
  }
}
