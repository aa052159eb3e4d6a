package de.denbi.spe.wes;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.testkit.wes.FakeRun;
import de.denbi.spe.testkit.wes.FakeWesServer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GiB attachment is streamed: the upload runs in a separate JVM whose heap is capped at
 * 64 MiB, client and FakeWesServer together, and must arrive whole.
 */
class AttachmentStreamingTest {
  static final long SIZE = 2L * 1024 * 1024 * 1024 + 7;

  @TempDir Path dir;

  @Test
  void a2GiBAttachmentIsUploadedWithA64MiBHeap() throws Exception {
    Path big = dir.resolve("reads.bam");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(SIZE); // sparse: costs no disk
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                AttachmentStreamingTest.class.getName() + "$Upload", big.toString())
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("upload finished in time; output: %s", out).isTrue();
    assertThat(p.exitValue()).as("exit code; output: %s", out).isZero();
    assertThat(out).contains("received data/reads.bam " + SIZE + " bytes");
  }

  /** The child JVM: a FakeWesServer and a WesClient sharing a 64 MiB heap. */
  static final class Upload {
    private Upload() {}

    public static void main(String[] args) throws Exception {
      Path big = Path.of(args[0]);
      Path small = Files.writeString(big.resolveSibling("Snakefile"), "rule all:\n");
      try (FakeWesServer server = FakeWesServer.builder().build().start()) {
        WesClient wes =
            WesClient.builder()
                .baseUrl(server.baseUrl())
                .tokenSource(AccessTokenSource.of("test-token"))
                .httpClient(de.denbi.spe.core.http.SpeHttpClient.builder().writeTimeout(Duration.ofMinutes(2)).readTimeout(Duration.ofMinutes(2)).build())
                .build();
        String id =
            wes.runWorkflow(
                r -> r.workflowType("SMK").workflowTypeVersion("7.21.0").workflowUrl("Snakefile")
                    .attach("Snakefile", small).attach("data/reads.bam", big));
        List<FakeRun.ReceivedAttachment> got = server.run(id).orElseThrow().attachments();
        for (FakeRun.ReceivedAttachment a : got) {
          System.out.println("received " + a.name() + " " + a.size() + " bytes");
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
      }
    }
  }
}
