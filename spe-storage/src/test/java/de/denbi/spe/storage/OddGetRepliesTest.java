package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.storage.internal.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download normally learns size, ETag and SHA-256 from its GET. A store (or a proxy in front of
 * it) that answers the GET without a Content-Length (chunked) makes the client ask with a HEAD
 * instead, and the download still completes and is verified.
 */
class OddGetRepliesTest {
  MockWebServer server = new MockWebServer();
  @TempDir Path tmp;
  final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  byte[] data = new byte[50_000];

  @BeforeEach
  void start() throws Exception {
    new Random(3).nextBytes(data);
    String sha = Hashing.sha256Hex(data, data.length);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        seen.add(r.getMethod());
        MockResponse.Builder b = new MockResponse.Builder().code(200)
            .addHeader("ETag", "\"abc\"")
            .addHeader("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT")
            .addHeader("x-amz-meta-sha256", sha)
            .addHeader("Content-Type", "application/octet-stream");
        if (r.getMethod().equals("HEAD")) {
          return b.addHeader("Content-Length", Integer.toString(data.length)).build();
        }
        return b.chunkedBody(new Buffer().write(data), 4096).build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aChunkedGetFallsBackToAHeadAndIsStillVerified() throws Exception {
    Path target = tmp.resolve("out.bin");
    try (StorageClient c = StorageClient.builder().endpoint(server.url("/").uri())
        .credentials("ak", "secret-secret").resume(false).build()) {
      TransferResult r = c.download("bkt", "obj", target);
      assertThat(r.verified()).isTrue();
      assertThat(r.bytes()).isEqualTo(data.length);
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(seen).containsExactly("GET", "HEAD", "GET");
    assertThat(tmp.toFile().list()).containsExactly("out.bin");
  }
}
