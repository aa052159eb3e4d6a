package de.denbi.spe.examples.tes;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TesPresignedExampleTest {

  @Test
  void theInJvmDemoMovesTheDataThroughPresignedUrlsOnOneEndpointAndAFederation() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int rc = Examples.run(new String[] {"tes-presigned"}, out);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(text).isZero();
    assertThat(text).contains("= HELLO FROM ONE TES ENDPOINT");
    assertThat(text).contains("= HELLO FROM A TES FEDERATION");
    assertThat(text).contains("placed the task on site-b (data locality)");
    assertThat(text).contains("no container runs");
    assertThat(text).doesNotContain("X-Amz-Signature");
  }
}
