package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the local SLURM: log in over SSH with strict host key checking, submit a job
 * with {@code sbatch}, wait for it with {@code squeue}, read its output file.
 */
@RequiresLocalService(LocalService.SLURM)
class SlurmSmokeIT {

  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

  record Result(int exitStatus, String stdout, String stderr) {}

  static Result exec(Session session, String command) throws JSchException, IOException {
    ChannelExec ch = (ChannelExec) session.openChannel("exec");
    ch.setCommand(command);
    ch.setInputStream(null);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ch.setErrStream(err);
    InputStream in = ch.getInputStream();
    ch.connect(10_000);
    try {
      byte[] out = in.readAllBytes();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!ch.isClosed() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return new Result(ch.getExitStatus(), new String(out, StandardCharsets.UTF_8).strip(),
          err.toString(StandardCharsets.UTF_8).strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      ch.disconnect();
    }
  }

  @Test
  void sbatchRoundTripOverSsh(SlurmCoordinates slurm) throws Exception {
    JSch jsch = new JSch();
    jsch.setKnownHosts(slurm.sshKnownHosts().toString());
    jsch.addIdentity(slurm.sshPrivateKey().toString());
    Session session = jsch.getSession(slurm.sshUser(), slurm.sshHost(), slurm.sshPort());
    session.setConfig("StrictHostKeyChecking", "yes");
    session.setConfig("PreferredAuthentications", "publickey");
    session.connect(10_000);
    String marker = "spe-it-" + UUID.randomUUID();
    String outFile = "/tmp/" + marker + ".out";
    try {
      Result submit = exec(session, "sbatch --parsable --partition=" + slurm.partition()
          + " --job-name=spe-smoke --output=" + outFile + " --wrap 'echo " + marker + "'");
      assertThat(submit.exitStatus()).as("sbatch: %s", submit.stderr()).isZero();
      String jobId = submit.stdout().split(";")[0].strip();
      assertThat(jobId).matches("\\d+");

      long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
      String state;
      while (true) {
        state = exec(session, "squeue -h -j " + jobId + " -o %T").stdout();
        if (state.isEmpty() || state.equals("COMPLETED")) {
          break;
        }
        if (state.matches("FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL")) {
          fail("job " + jobId + " ended " + state);
        }
        if (System.nanoTime() > deadline) {
          fail("job " + jobId + " still " + state + " after " + JOB_TIMEOUT);
        }
        Thread.sleep(250);
      }

      // the output file may appear a moment after the job left the queue
      Result cat = exec(session, "cat " + outFile);
      for (int i = 0; i < 40 && cat.exitStatus() != 0; i++) {
        Thread.sleep(250);
        cat = exec(session, "cat " + outFile);
      }
      assertThat(cat.exitStatus()).as("cat %s: %s", outFile, cat.stderr()).isZero();
      assertThat(cat.stdout()).isEqualTo(marker);
    } finally {
      exec(session, "rm -f " + outFile);
      session.disconnect();
    }
  }
}
