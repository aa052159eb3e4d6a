package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that lists hostile keys (which S3 allows): a tree download refuses the whole listing
 * before it sends a single GET, and nothing appears in or outside the target.
 */
class TraversalTest {
  MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"p/../../escape.txt", "p//etc/passwd", "p/C:/x.txt", "p/a/\u0000b",
      "p/a\\..\\..\\x", "p/ok/../../x"})
  void hostileKeysFromAListingAreRefused(String key) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Name>bkt</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
        + "<IsTruncated>false</IsTruncated>"
        + "<Contents><Key>p/fine.txt</Key><Size>1</Size><ETag>\"x\"</ETag>"
        + "<LastModified>2025-01-01T00:00:00.000Z</LastModified></Contents>"
        + "<Contents><Key>" + key.replace("\u0000", "&#0;") + "</Key><Size>1</Size>"
        + "<ETag>\"y\"</ETag><LastModified>2025-01-01T00:00:00.000Z</LastModified></Contents>"
        + "</ListBucketResult>";
    if (key.contains("\u0000")) {
      // XML 1.0 cannot carry NUL: check the path rule directly
      assertThatThrownBy(() -> ObjectKeys.resolveUnder(tmp, key.substring(2)))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("NUL");
      return;
    }
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/xml").body(xml).build());
    Path out = tmp.resolve("out");
    try (StorageClient c = StorageClient.builder().endpoint(server.url("/").uri())
        .credentials("ak", "secret-secret").resume(false).build()) {
      assertThatThrownBy(() -> c.downloadDirectory("bkt", "p/", out, TransferOptions.defaults()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("refusing")
          .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("key");
    }
    assertThat(server.getRequestCount()).isEqualTo(1); // the listing only, no GET
    assertThat(out).doesNotExist();
    assertThat(tmp.toFile().list()).isEmpty();
  }
}
