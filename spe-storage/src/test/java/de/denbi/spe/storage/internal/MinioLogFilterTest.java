package de.denbi.spe.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MinioLogFilterTest {
  final Logger minio = Logger.getLogger(MinioLogFilter.LOGGER);
  final Logger own = Logger.getLogger("de.denbi.spe.storage.StorageClient");
  final List<LogRecord> published = new ArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (isLoggable(r)) {
        published.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  Filter before;
  Level ownLevel;

  @BeforeEach
  void setUp() {
    before = minio.getFilter();
    ownLevel = own.getLevel();
    capture.setLevel(Level.ALL);
    minio.addHandler(capture);
    own.addHandler(capture);
    own.setLevel(Level.FINE);
  }

  @AfterEach
  void tearDown() {
    minio.removeHandler(capture);
    own.removeHandler(capture);
    minio.setFilter(before);
    own.setLevel(ownLevel);
  }

  static final String RGW_REPLY = MinioLogFilter.MESSAGE + " REST API. <?xml version=\"1.0\"?>"
      + "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag></ETag>"
      + "</CompleteMultipartUploadResult>";

  @Test
  void theWarningOnRgwsEmptyEtagBecomesADebugMessageAndOthersPass() {
    minio.setFilter(null);
    MinioLogFilter.install();
    minio.warning(RGW_REPLY);
    minio.warning("S3 service returned something else");
    minio.info(RGW_REPLY); // not a WARNING: left alone

    assertThat(published).extracting(LogRecord::getLoggerName, LogRecord::getLevel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(own.getName(), Level.FINE),
            org.assertj.core.groups.Tuple.tuple(minio.getName(), Level.WARNING),
            org.assertj.core.groups.Tuple.tuple(minio.getName(), Level.INFO));
    assertThat(published.get(1).getMessage()).isEqualTo("S3 service returned something else");
  }

  @Test
  void anApplicationsFilterStillAppliesAndInstallingTwiceWrapsOnce() {
    minio.setFilter(r -> !r.getMessage().contains("secret"));
    MinioLogFilter.install();
    Filter installed = minio.getFilter();
    MinioLogFilter.install();
    assertThat(minio.getFilter()).isSameAs(installed);

    minio.warning("a secret here");
    minio.warning("plain");
    minio.warning(RGW_REPLY);
    assertThat(published).extracting(LogRecord::getMessage).hasSize(2)
        .contains("plain").noneMatch(m -> m.contains("secret"));
  }
}
