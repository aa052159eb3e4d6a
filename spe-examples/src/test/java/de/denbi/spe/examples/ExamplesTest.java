package de.denbi.spe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
  private MockWebServer server;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String output() {
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void serviceInfoPrintsTheServiceType() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .body(
                "{\"id\":\"de.denbi.tesk\",\"name\":\"TESK Bielefeld\",\"type\":{\"group\":\"org.ga4gh\","
                    + "\"artifact\":\"tes\",\"version\":\"1.1.0\"},\"organization\":{\"name\":\"de.NBI\","
                    + "\"url\":\"https://www.denbi.de\"},\"version\":\"1.1.2\",\"storage\":[\"s3://x\"]}")
            .build());
    int rc = Examples.run(new String[] {"service-info", server.url("/ga4gh/tes/v1/").toString()}, out);
    assertThat(rc).isZero();
    assertThat(output()).contains("TESK Bielefeld (de.denbi.tesk)").contains("org.ga4gh:tes:1.1.0").contains("de.NBI");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/ga4gh/tes/v1/service-info");
  }

  @Test
  void serviceInfoReportsErrorsInPlainWords() {
    server.enqueue(new MockResponse.Builder().code(404).body("{\"msg\":\"no such path\"}").build());
    int rc = Examples.run(new String[] {"service-info", server.url("/wrong").toString()}, out);
    assertThat(rc).isEqualTo(1);
    assertThat(output()).contains("HTTP 404").contains("no such path");
  }

  @Test
  void siteProfileChecksEachEndpoint(@TempDir Path dir) throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    Path yaml = Files.writeString(dir.resolve("site.yaml"),
        "name: test-site\nwes:\n  url: " + server.url("/ga4gh/wes/v1") + "\ntes:\n  urls: ['http://127.0.0.1:1/tes']\n");
    int rc = Examples.run(new String[] {"site-profile", yaml.toString(), "--check"}, out);
    assertThat(output()).contains("site: test-site").contains("wes.url").contains("-> HTTP 200").contains("tes.urls[0]").contains("unreachable");
    assertThat(rc).isEqualTo(1);
  }

  @Test
  void unknownExampleIsAUsageError() {
    assertThat(Examples.run(new String[] {"nope"}, out)).isEqualTo(2);
    assertThat(output()).contains("site-profile").contains("service-info");
  }
}
