package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.storage.internal.UploadJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming reads the store's part listing. A listing the client cannot parse is asked for again;
 * when it stays unreadable the upload starts afresh (the old upload is aborted) instead of
 * failing, and nothing is trusted from it.
 */
class ResumeListingTest {
  static final int MIB = 1 << 20;
  MockWebServer server = new MockWebServer();
  @TempDir Path tmp;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger badListings = new AtomicInteger();

  static final String GOOD_LISTING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<ListPartsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bkt</Bucket>"
      + "<Key>big.bin</Key><UploadId>u1</UploadId><Initiator><ID>i</ID><DisplayName>i</DisplayName>"
      + "</Initiator><Owner><ID>o</ID><DisplayName>o</DisplayName></Owner>"
      + "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker>"
      + "<NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts>"
      + "<IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber>"
      + "<LastModified>2026-11-24T00:00:00.000Z</LastModified><ETag>\"etag-1\"</ETag>"
      + "<Size>5242880</Size></Part></ListPartsResult>";
  // what the example saw once: a ListPartsResult without its required Initiator
  static final String BAD_LISTING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<ListPartsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bkt</Bucket>"
      + "<Key>big.bin</Key><UploadId>u1</UploadId></ListPartsResult>";

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String q = r.getUrl().query() == null ? "" : r.getUrl().query();
        String m = r.getMethod();
        MockResponse.Builder ok = new MockResponse.Builder().code(200);
        if (m.equals("GET") && q.contains("uploadId=u1")) {
          calls.add("list");
          boolean bad = badListings.getAndDecrement() > 0;
          return ok.addHeader("Content-Type", "application/xml")
              .body(bad ? BAD_LISTING : GOOD_LISTING).build();
        }
        if (m.equals("DELETE") && q.contains("uploadId=u1")) {
          calls.add("abort u1");
          return new MockResponse.Builder().code(204).build();
        }
        if (m.equals("POST") && q.startsWith("uploads")) {
          calls.add("create");
          return ok.addHeader("Content-Type", "application/xml")
              .body("<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>big.bin</Key>"
                  + "<UploadId>u2</UploadId></InitiateMultipartUploadResult>").build();
        }
        if (m.equals("PUT") && q.contains("partNumber=")) {
          String part = r.getUrl().queryParameter("partNumber");
          String id = r.getUrl().queryParameter("uploadId");
          calls.add("part " + part + " of " + id);
          return ok.addHeader("ETag", "\"etag-" + part + "\"").build();
        }
        if (m.equals("POST") && q.contains("uploadId=")) {
          calls.add("complete " + r.getUrl().queryParameter("uploadId"));
          return ok.addHeader("Content-Type", "application/xml")
              .body("<CompleteMultipartUploadResult><Location>l</Location><Bucket>bkt</Bucket>"
                  + "<Key>big.bin</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>").build();
        }
        calls.add("unexpected " + m + " " + r.getUrl());
        return new MockResponse.Builder().code(500).build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TransferResult resumeWith(int unreadableListings) throws Exception {
    badListings.set(unreadableListings);
    byte[] data = new byte[6 * MIB];
    new Random(9).nextBytes(data);
    Path file = Files.write(tmp.resolve("big.bin"), data);
    Path journals = tmp.resolve("journals");
    Files.createDirectories(journals);
    // an earlier attempt: upload u1 with part 1 stored
    UploadJournal j = UploadJournal.create(UploadJournal.pathFor(journals, "bkt", "big.bin", file),
        new UploadJournal.State("bkt", "big.bin", file.toAbsolutePath().normalize().toString(),
            data.length, Files.getLastModifiedTime(file).toMillis(),
            de.denbi.spe.storage.internal.Hashing.sha256Hex(data, data.length), 5L * MIB, "u1",
            Map.of()));
    j.recordPart(1, "\"etag-1\"");
    try (StorageClient c = StorageClient.builder().endpoint(server.url("/").uri())
        .credentials("ak", "secret-secret").partSize(5L * MIB).attempts(2)
        .resumeDirectory(journals).build()) {
      return c.upload(file, "bkt", "big.bin");
    }
  }

  @Test
  void anUnreadableListingIsAskedForAgainAndThenResumed() throws Exception {
    TransferResult r = resumeWith(1);
    assertThat(r.resumedParts()).isEqualTo(1);
    assertThat(calls).containsExactly("list", "list", "part 2 of u1", "complete u1");
  }

  @Test
  void aListingThatStaysUnreadableStartsTheUploadAfresh() throws Exception {
    TransferResult r = resumeWith(5);
    assertThat(r.resumedParts()).isZero();
    assertThat(calls).containsSubsequence("list", "list", "abort u1", "create", "complete u2")
        .contains("part 1 of u2", "part 2 of u2")
        .doesNotContain("part 2 of u1", "complete u1");
  }
}
