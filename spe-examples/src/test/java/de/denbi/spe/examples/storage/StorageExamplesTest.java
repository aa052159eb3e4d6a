package de.denbi.spe.examples.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The storage examples in their in-JVM mode (an s3proxy they start themselves). */
class StorageExamplesTest {
  static String run(int expectedExit, String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int rc = Examples.run(args, out);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(text).isEqualTo(expectedExit);
    return text;
  }

  @Test
  void shareDatasetWithAGroup() {
    String text = run(0, "storage-share-dataset",
        "urn:geant:lifescience-ri.eu:group:cohort-readers#aai.lifescience-ri.eu");
    assertThat(text).contains("uploaded 4 files to s3://");
    assertThat(text).contains("\"jwt:eduperson_entitlement\"")
        .contains("urn:geant:lifescience-ri.eu:group:cohort-readers#aai.lifescience-ri.eu");
    assertThat(text).contains("arn:aws:iam:::role/spe-project-1-cohort");
    assertThat(text).contains("datasets/cohort/vcf/sample-B.vcf");
    assertThat(text).contains("member downloaded 4 files, 4 verified against their SHA-256");
  }

  @Test
  void uploadEncryptedForTheSpe() {
    String text = run(0, "storage-upload-encrypted");
    assertThat(text).contains("private key passphrase-protected");
    assertThat(text).contains("the store holds: crypt4gh... (Crypt4GH, no plaintext)");
    assertThat(text).contains("the SPE decrypted 1048593 bytes, SHA-256 matches");
    assertThat(text).contains("(segment 1 only): matches");
    assertThat(text).doesNotContain("spe-demo-passphrase");
  }

  @Test
  void resumeAnInterruptedUpload() {
    String text = run(0, "storage-resume");
    assertThat(text).contains("first attempt failed as the network went down");
    assertThat(text).containsPattern("resumed: [1-9]\\d* part\\(s\\) were kept");
    assertThat(text).contains("download verified against the recorded SHA-256: true");
  }
}
