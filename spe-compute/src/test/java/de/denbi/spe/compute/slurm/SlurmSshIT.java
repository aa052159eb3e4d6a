package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.compute.RemoteCommandException;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.compute.SshLoginException;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresLocalService(LocalService.SLURM)
class SlurmSshIT {
  private final String run = "spe-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> submitted = new ArrayList<>();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private SlurmSshClient slurm;
  private String dir;

  @BeforeEach
  void setUp(SlurmCoordinates c) {
    slurm = SlurmSshClient.builder().connection(SlurmItSupport.ssh(c)).auditSink(audit::add).build();
    dir = "/tmp/" + run;
    slurm.connection().check("mkdir", "mkdir -p " + Shell.quote(dir, "dir"), null);
  }

  @AfterEach
  void tearDown() {
    for (String id : submitted) {
      slurm.connection().exec("scancel " + id);
    }
    slurm.connection().exec("rm -rf " + Shell.quote(dir, "dir"));
    slurm.connection().close();
  }

  private String submit(JobSpec spec) {
    String id = slurm.submit(spec);
    submitted.add(id);
    return id;
  }

  @Test
  void submitWaitAndReadTheOutput(SlurmCoordinates c) {
    String id = submit(JobSpec.builder().name(run).command("sh", "-c", "echo hello; exit 3")
        .partition(c.partition()).workingDirectory(dir).stdout(dir + "/out-%j.txt").build());
    JobStatus done = slurm.await(id, SlurmItSupport.WAIT);
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.name()).isEqualTo(run);
    assertThat(slurm.connection().exec("cat " + dir + "/out-" + id + ".txt").stdout()).isEqualTo("hello\n");
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("job.submit");
      assertThat(e.resource()).endsWith("/job/" + id);
    });
  }

  @Test
  void hostileStringsStayText(SlurmCoordinates c, @TempDir Path tmp) {
    String canary = dir + "/PWNED";
    String evil = "$(touch " + canary + ") `touch " + canary + "` ; touch " + canary
        + " && echo 'single' \"double\" \\ | cat\n second line";
    String evilName = "n$(touch " + canary + ")`touch " + canary + "`;touch " + canary + " 'q\"";
    String weirdDir = dir + "/d i r'$(touch " + canary + ")";
    slurm.connection().check("mkdir", "mkdir -p " + Shell.quote(weirdDir, "d"), null);
    String id = submit(JobSpec.builder().name(evilName)
        .command("sh", "-c", "printf '%s\\n%s\\n' \"$EVIL\" \"$1\" > result.txt", "sh", evil)
        .env("EVIL", evil).partition(c.partition()).workingDirectory(weirdDir)
        .stdout(weirdDir + "/so.txt").build());
    JobStatus done = slurm.await(id, SlurmItSupport.WAIT);
    assertThat(done.state()).as("reason %s", done.reason()).isEqualTo(JobState.COMPLETED);
    assertThat(done.name()).isEqualTo(evilName);
    String result = slurm.connection().check("cat",
        "cat " + Shell.quote(weirdDir + "/result.txt", "f"), null).stdout();
    assertThat(result).isEqualTo(evil + "\n" + evil + "\n");
    assertThat(slurm.connection().exec("test -e " + Shell.quote(canary, "c")).exitStatus())
        .as("a hostile string ran a command").isNotZero();
  }

  @Test
  void cancelAndUnknownJobs(SlurmCoordinates c) {
    String id = submit(JobSpec.builder().name(run).command("sleep", "300").partition(c.partition())
        .stdout("/dev/null").build());
    assertThat(slurm.status(id).isTerminal()).isFalse();
    slurm.cancel(id);
    assertThat(slurm.await(id, SlurmItSupport.WAIT).state()).isEqualTo(JobState.CANCELLED);
    assertThatThrownBy(() -> slurm.status("987654321")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> slurm.cancel("987654321")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> slurm.submit(JobSpec.builder().name(run).command("true")
        .partition("no-such-partition").build()))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("sbatch").hasMessageContaining("partition");
  }

  @Test
  void arraysAndDependencies(SlurmCoordinates c) {
    String array = submit(JobSpec.builder().name(run + "-array").partition(c.partition())
        .command("sh", "-c", "echo $SLURM_ARRAY_TASK_ID > task-$SLURM_ARRAY_TASK_ID.txt")
        .workingDirectory(dir).stdout("/dev/null").array("0-2").build());
    String after = submit(JobSpec.builder().name(run + "-after").partition(c.partition())
        .command("sh", "-c", "cat task-*.txt | sort | tr -d '\\n' > all.txt")
        .workingDirectory(dir).stdout("/dev/null")
        .dependency(JobDependency.afterOk(array)).build());
    JobStatus arr = slurm.await(array, SlurmItSupport.WAIT);
    assertThat(arr.state()).isEqualTo(JobState.COMPLETED);
    assertThat(arr.tasks()).hasSize(3);
    assertThat(slurm.await(after, SlurmItSupport.WAIT).state()).isEqualTo(JobState.COMPLETED);
    assertThat(slurm.connection().exec("cat " + dir + "/all.txt").stdout()).isEqualTo("012");
  }

  @Test
  void manyStatusesInOneRoundTripAndParallelSubmits(SlurmCoordinates c) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 24; i++) {
        int n = i;
        pool.submit(() -> ids.add(slurm.submit(JobSpec.builder().name(run + "-" + n)
            .command("true").partition(c.partition()).stdout("/dev/null").build())));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    }
    submitted.addAll(ids);
    assertThat(ids).hasSize(24).doesNotHaveDuplicates();
    Map<String, JobStatus> s = slurm.statuses(ids);
    assertThat(s).containsOnlyKeys(ids);
    assertThat(slurm.jobs()).extracting(JobStatus::jobId).containsAll(ids);
    for (String id : ids) {
      slurm.await(id, SlurmItSupport.WAIT);
    }
    assertThat(slurm.statuses(ids).values()).allMatch(JobStatus::succeeded);
  }

  @Test
  void bulkSubmissionInOneRoundTrip(SlurmCoordinates c) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      specs.add(JobSpec.builder().name(run + "-bulk-" + i + " $(x)").command("true").partition(c.partition())
          .stdout("/dev/null").hold(true).build());
    }
    List<String> ids = slurm.submitAll(specs);
    submitted.addAll(ids);
    assertThat(ids).hasSize(5).allMatch(id -> id.matches("\\d+")).doesNotHaveDuplicates();
    Map<String, JobStatus> s = slurm.statuses(ids);
    assertThat(s.values()).allMatch(x -> x.state() == JobState.PENDING);
    assertThat(s.get(ids.get(2)).name()).isEqualTo(run + "-bulk-2 $(x)");
    List<JobSpec> withBad = List.of(specs.get(0), specs.get(1).toBuilder().partition("nope").build(), specs.get(2));
    assertThatThrownBy(() -> slurm.submitAll(withBad))
        .isInstanceOf(RemoteCommandException.class)
        .hasMessageContaining("job 2 of 3").hasMessageContaining("partition")
        .satisfies(e -> {
          String m = e.getMessage();
          String first = m.substring(m.lastIndexOf('[') + 1, m.lastIndexOf(']'));
          submitted.add(first);
        });
  }

  @Test
  void partitionsAndNodes(SlurmCoordinates c) {
    assertThat(slurm.partitions()).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo(c.partition());
      assertThat(p.up()).isTrue();
      assertThat(p.cpus()).isPositive();
    });
    assertThat(slurm.nodes()).isNotEmpty().allSatisfy(n -> {
      assertThat(n.cpus()).isPositive();
      assertThat(n.partitions()).isNotEmpty();
    });
  }

  @Test
  void sftpStagingIsAtomicAndReportsProgress(@TempDir Path tmp) throws Exception {
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);
    Path in = Files.write(tmp.resolve("in.bin"), data);
    List<Long> progress = new CopyOnWriteArrayList<>();
    var staging = slurm.staging();
    staging.mkdirs(dir + "/stage/a");
    assertThat(staging.upload(in, dir + "/stage/a/in.bin", (p, n, t) -> progress.add(n)))
        .isEqualTo(data.length);
    assertThat(progress).isNotEmpty().last().isEqualTo((long) data.length);
    assertThat(staging.exists(dir + "/stage/a/in.bin")).isTrue();
    Path out = tmp.resolve("sub/out.bin");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "old");
    assertThat(staging.download(dir + "/stage/a/in.bin", out, (p, n, t) -> {})).isEqualTo(data.length);
    assertThat(Files.readAllBytes(out)).isEqualTo(data);
    assertThatThrownBy(() -> staging.download(dir + "/nope", out, (p, n, t) -> {}))
        .isInstanceOf(NotFoundException.class);
    assertThat(Files.readAllBytes(out)).as("a failed download leaves the old file").isEqualTo(data);
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void aDroppedSessionIsReconnected(SlurmCoordinates c) {
    try (SshConnection one = SshConnection.builder().host(c.sshHost()).port(c.sshPort())
        .user(c.sshUser()).identityFile(c.sshPrivateKey()).knownHosts(c.sshKnownHosts())
        .sessions(1).keepAlive(java.time.Duration.ofSeconds(5)).build()) {
      String before = one.exec("echo $PPID").stdout().strip();
      // kill this connection's sshd process: the session drops under the client
      one.exec("kill -9 $PPID");
      String after = one.exec("echo $PPID").stdout().strip();
      assertThat(after).isNotEmpty().isNotEqualTo(before);
    }
  }

  @Test
  void strictHostKeysAndRefusedLogins(SlurmCoordinates c, @TempDir Path tmp) throws Exception {
    Path otherKnownHosts = Files.writeString(tmp.resolve("known_hosts"),
        "[" + c.sshHost() + "]:" + c.sshPort()
            + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBp6bSZGv9oSs8CH4+JO1eGS7cd1lQ5JSv2TDcJBtU0B\n");
    try (SshConnection bad = SshConnection.builder().host(c.sshHost()).port(c.sshPort())
        .user(c.sshUser()).identityFile(c.sshPrivateKey()).knownHosts(otherKnownHosts).build()) {
      assertThatThrownBy(() -> bad.exec("true"))
          .isInstanceOf(InvalidConfigException.class).hasMessageContaining("knownHosts");
    }
    try (SshConnection wrongUser = SshConnection.builder().host(c.sshHost()).port(c.sshPort())
        .user("nobody").identityFile(c.sshPrivateKey()).knownHosts(c.sshKnownHosts()).build()) {
      assertThatThrownBy(() -> wrongUser.exec("true")).isInstanceOf(SshLoginException.class);
    }
  }
}
