package de.denbi.spe.storage.internal;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns one warning of minio-java into a debug message. Ceph RGW (16) answers a successful
 * CompleteMultipartUpload with an empty {@code <ETag></ETag>}; minio-java cannot map that reply,
 * treats the upload as complete (it already checked that the body is no {@code <Error>}), and logs
 * a WARNING with the whole reply for every multipart upload. The upload did succeed, and the SDK
 * records and verifies each object's SHA-256 itself, so the message goes to {@code FINE}: every
 * other record of minio-java's logger passes unchanged, and a filter an application set on that
 * logger before still applies.
 */
public final class MinioLogFilter implements Filter {
  /** minio-java's logger. */
  static final String LOGGER = "io.minio.BaseS3Client";
  /** The start of the message this filter demotes. */
  static final String MESSAGE = "S3 service returned unknown XML for CompleteMultipartUpload";

  // held here: java.util.logging keeps loggers only weakly, and a collected logger loses its filter
  private static final Logger MINIO = Logger.getLogger(LOGGER);
  private static final Logger OWN = Logger.getLogger("de.denbi.spe.storage.StorageClient");

  private final Filter previous;

  private MinioLogFilter(Filter previous) {
    this.previous = previous;
  }

  /** Puts the filter on minio-java's logger once (again after an application replaced it). */
  public static synchronized void install() {
    Filter f = MINIO.getFilter();
    if (!(f instanceof MinioLogFilter)) {
      MINIO.setFilter(new MinioLogFilter(f));
    }
  }

  @Override
  public boolean isLoggable(LogRecord r) {
    String m = r.getMessage();
    if (m != null && r.getLevel() == Level.WARNING && m.startsWith(MESSAGE)) {
      OWN.log(Level.FINE, "the store's reply to a completed multipart upload had an empty or"
          + " unknown ETag (Ceph RGW does this); the upload is complete: {0}", m);
      return false;
    }
    return previous == null || previous.isLoggable(r);
  }
}
