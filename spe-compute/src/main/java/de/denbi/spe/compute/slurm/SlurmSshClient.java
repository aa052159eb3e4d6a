package de.denbi.spe.compute.slurm;

import de.denbi.spe.compute.CommandResult;
import de.denbi.spe.compute.RemoteCommandException;
import de.denbi.spe.compute.SftpStaging;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.compute.slurm.internal.SshCommands;
import de.denbi.spe.compute.slurm.internal.StatusParser;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * SLURM over SSH: {@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel} and
 * {@code sinfo} on the login node, through a pooled {@link SshConnection}.
 *
 * <p>Status works on clusters without slurmdbd: one round trip asks the controller
 * ({@code squeue --states=all}, which covers what {@code scontrol show job} knows) and then
 * accounting ({@code sacct}) or, when accounting is disabled, the job completion record
 * ({@code sacct -c}). {@link #statuses(Collection)} does this for any number of jobs in one
 * command.
 *
 * <pre>{@code
 * try (SlurmSshClient slurm = SlurmSshClient.builder()
 *     .ssh(s -> s.host("login.example.org").user("alice").identityFile(key))
 *     .build()) {
 *   String id = slurm.submit(j -> j.name("hello").command("echo", "hi"));
 *   JobStatus done = slurm.await(id, WaiterConfig.defaults());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SlurmSshClient implements SlurmClient {
  private final SshConnection ssh;
  private final boolean ownsConnection;
  private final AuditSink audit;
  private final SftpStaging staging;

  private SlurmSshClient(Builder b) {
    this.ssh = b.ssh;
    this.ownsConnection = b.ownsConnection;
    this.audit = b.audit;
    this.staging = new SftpStaging(ssh, audit);
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
   * The SSH connection this client uses.
   *
   * @return the connection
   */
  public SshConnection connection() {
    return ssh;
  }

  /**
   * SFTP staging over the same connection.
   *
   * @return the staging helper
   */
  public SftpStaging staging() {
    return staging;
  }

  @Override
  public String submit(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String command = SshCommands.sbatch(spec);
    byte[] script = spec.batchScript().getBytes(StandardCharsets.UTF_8);
    CommandResult r;
    try {
      r = ssh.exec(command, script, java.time.Duration.ofMinutes(2));
    } catch (SpeException e) {
      record("job.submit", spec.name(), AuditOutcome.FAILURE, Map.of("name", spec.name()));
      throw e;
    }
    if (!r.ok()) {
      record("job.submit", spec.name(), AuditOutcome.FAILURE, Map.of("name", spec.name()));
      throw new RemoteCommandException(ssh.host(), "sbatch", r.exitStatus(), r.stderr(),
          "SLURM refused the job; check partition, limits and paths");
    }
    String out = r.stdout().strip();
    String id = out.split(";", 2)[0].strip();
    if (!id.matches("\\d+")) {
      throw new InvalidResponseException(details("sbatch", 200,
          "sbatch printed no job id: '" + de.denbi.spe.compute.internal.Shell.printable(out) + "'"),
          "unexpected sbatch output", null);
    }
    record("job.submit", id, AuditOutcome.SUCCESS, Map.of("name", spec.name()));
    return id;
  }

  /**
   * Submits many jobs in one round trip: one SSH channel runs {@code sbatch} for each spec on
   * the login node, so bulk submission costs little more than a {@code sbatch} loop there.
   * Stops at the first job SLURM refuses.
   *
   * @param specs the jobs, in order
   * @return their job ids, in the same order
   * @throws RemoteCommandException if SLURM refused a job; its message lists the ids of the jobs
   *     submitted before it (they are not cancelled)
   */
  public List<String> submitAll(List<JobSpec> specs) {
    if (specs.isEmpty()) {
      return List.of();
    }
    StringBuilder script = new StringBuilder();
    for (JobSpec spec : specs) {
      script.append("out=$(printf '%s' ")
          .append(de.denbi.spe.compute.internal.Shell.quote(spec.batchScript(), "script"))
          .append(" | ").append(SshCommands.sbatch(spec)).append(" 2>&1); rc=$?\n")
          .append("printf '@@%s\\n%s\\n' \"$rc\" \"$out\"\n")
          .append("[ $rc -eq 0 ] || exit 0\n");
    }
    CommandResult r = ssh.exec("sh -s", script.toString().getBytes(StandardCharsets.UTF_8),
        java.time.Duration.ofMinutes(10));
    // "@@<rc>" then sbatch's output lines, per job
    List<String[]> results = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith("@@") && line.substring(2).strip().matches("\\d+")) {
        results.add(new String[] {line.substring(2).strip(), ""});
      } else if (!results.isEmpty()) {
        String[] last = results.getLast();
        last[1] = (last[1] + " " + line).strip();
      }
    }
    List<String> ids = new ArrayList<>();
    for (String[] f : results) {
      String text = f[1];
      JobSpec spec = specs.get(ids.size());
      if (!f[0].equals("0")) {
        record("job.submit", spec.name(), AuditOutcome.FAILURE, Map.of("name", spec.name()));
        throw new RemoteCommandException(ssh.host(), "sbatch (job " + (ids.size() + 1) + " of "
            + specs.size() + ", " + spec.name() + ")", Integer.parseInt(f[0]), text,
            "Jobs submitted before it: " + ids);
      }
      String id = "";
      String[] tokens = text.split("\\s+");
      for (int t = tokens.length - 1; t >= 0 && id.isEmpty(); t--) {
        if (tokens[t].matches("\\d+(;\\S+)?")) {
          id = tokens[t].split(";", 2)[0]; // sbatch may print warnings before the id
        }
      }
      if (id.isEmpty()) {
        throw new RemoteCommandException(ssh.host(), "sbatch", 0, text, "no job id in its output");
      }
      ids.add(id);
      record("job.submit", id, AuditOutcome.SUCCESS, Map.of("name", spec.name()));
    }
    if (ids.size() != specs.size()) {
      throw new RemoteCommandException(ssh.host(), "sh -s (bulk sbatch)", r.exitStatus(), r.stderr(),
          "only " + ids.size() + " of " + specs.size() + " jobs were submitted: " + ids);
    }
    return ids;
  }

  @Override
  public JobStatus status(String jobId) {
    JobStatus s = statuses(List.of(jobId)).get(jobId);
    if (s == null) {
      throw notFound(jobId);
    }
    return s;
  }

  @Override
  public Map<String, JobStatus> statuses(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(jobIds));
    Map<String, JobStatus> all = new LinkedHashMap<>();
    // command lines stay well below ARG_MAX with up to 20,000 ids per round trip
    for (int i = 0; i < ids.size(); i += 20_000) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 20_000));
      CommandResult r = ssh.exec(SshCommands.statusScript(chunk));
      if (!r.ok()) {
        throw new RemoteCommandException(ssh.host(), "squeue/sacct", r.exitStatus(), r.stderr(), "");
      }
      all.putAll(StatusParser.parse(r.stdout(), chunk));
    }
    return all;
  }

  @Override
  public void cancel(String jobId) {
    CommandResult r = ssh.exec(SshCommands.cancel(jobId));
    if (r.stdout().contains("@@unknown")) {
      record("job.cancel", jobId, AuditOutcome.FAILURE, Map.of());
      throw notFound(jobId);
    }
    if (!r.ok()) {
      record("job.cancel", jobId, AuditOutcome.FAILURE, Map.of());
      throw new RemoteCommandException(ssh.host(), "scancel", r.exitStatus(), r.stderr(), "");
    }
    record("job.cancel", jobId, AuditOutcome.SUCCESS, Map.of());
  }

  @Override
  public List<JobStatus> jobs() {
    CommandResult r = ssh.check("squeue", SshCommands.userJobs(), null);
    return StatusParser.parseAll(r.stdout());
  }

  @Override
  public List<Partition> partitions() {
    CommandResult r = ssh.check("sinfo", SshCommands.PARTITIONS, null);
    List<Partition> out = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      String[] f = line.strip().split("\\|");
      if (f.length < 5) {
        continue;
      }
      boolean def = f[0].endsWith("*");
      String name = def ? f[0].substring(0, f[0].length() - 1) : f[0];
      String[] cpus = f[4].split("/");
      out.add(new Partition(name, f[1].equals("up"), def, f[2], intOr(f[3]),
          intOr(cpus[cpus.length - 1])));
    }
    return out;
  }

  @Override
  public List<Node> nodes() {
    CommandResult r = ssh.check("sinfo", SshCommands.NODES, null);
    Map<String, Node> out = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      String[] f = line.strip().split("\\|");
      if (f.length < 6) {
        continue;
      }
      String part = f[5].endsWith("*") ? f[5].substring(0, f[5].length() - 1) : f[5];
      Node prev = out.get(f[0]);
      List<String> parts = new ArrayList<>(prev == null ? List.of() : prev.partitions());
      parts.add(part);
      out.put(f[0], new Node(f[0], f[1], intOr(f[2]), intOr(f[3]), f[4], parts));
    }
    return new ArrayList<>(out.values());
  }

  private static int intOr(String s) {
    try {
      return Integer.parseInt(s.strip().replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private NotFoundException notFound(String jobId) {
    return new NotFoundException(details("squeue/sacct", 404,
        "SLURM does not know job " + jobId),
        "The job id is wrong, or the job ended so long ago that neither the controller nor the"
            + " accounting/job completion record knows it.");
  }

  private ServiceErrorDetails details(String what, int status, String message) {
    return new ServiceErrorDetails("SLURM", "SSH", "ssh://" + ssh.user() + "@" + ssh.host() + "/"
        + what, status, null, message, null, null);
  }

  private void record(String action, String resource, AuditOutcome outcome, Map<String, String> d) {
    AuditSink.safeRecord(audit, AuditEvent.now(ssh.user(), "SLURM", action,
        "slurm://" + ssh.host() + "/job/" + resource, outcome, d));
  }

  /** Closes the SSH connection if this client built it. */
  @Override
  public void close() {
    if (ownsConnection) {
      ssh.close();
    }
  }

  @Override
  public String toString() {
    return "SlurmSshClient[" + ssh + "]";
  }

  /**
   * Builds a {@link SlurmSshClient}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private SshConnection ssh;
    private boolean ownsConnection;
    private AuditSink audit = AuditSink.noop();

    private Builder() {}

    /**
     * Uses an existing connection (not closed by the client).
     *
     * @param connection the connection
     * @return this builder
     */
    public Builder connection(SshConnection connection) {
      this.ssh = Objects.requireNonNull(connection, "connection");
      this.ownsConnection = false;
      return this;
    }

    /**
     * Builds a connection owned (and closed) by the client.
     *
     * @param config configures the connection
     * @return this builder
     */
    public Builder ssh(Consumer<SshConnection.Builder> config) {
      SshConnection.Builder b = SshConnection.builder();
      config.accept(b);
      this.ssh = b.build();
      this.ownsConnection = true;
      return this;
    }

    /**
     * Where submissions and cancels are reported.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public SlurmSshClient build() {
      if (ssh == null) {
        throw new InvalidConfigException("ssh", "set connection(...) or ssh(...)");
      }
      return new SlurmSshClient(this);
    }
  }

}
