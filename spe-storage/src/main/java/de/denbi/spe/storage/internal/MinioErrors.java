package de.denbi.spe.storage.internal;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.http.Redaction;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import okhttp3.Response;

/** Turns minio-java's exceptions into the SDK's {@link SpeException} hierarchy. */
public final class MinioErrors {
  private MinioErrors() {}

  /**
   * Maps an exception from minio-java.
   *
   * @param e what minio-java threw (possibly wrapped in an ExecutionException)
   * @param what the operation and resource, for messages (e.g. {@code "PUT s3://b/k"})
   * @return the exception to throw
   */
  public static SpeException map(Throwable e, String what) {
    Throwable t = unwrap(e);
    if (t instanceof SpeException se) {
      return se;
    }
    if (t instanceof ErrorResponseException er) {
      Response r = er.response();
      int status = r != null ? r.code() : 400;
      String method = r != null ? r.request().method() : "?";
      String url = r != null ? Redaction.url(r.request().url()) : what;
      String code = er.errorResponse() != null ? er.errorResponse().code() : null;
      String msg = er.errorResponse() != null ? er.errorResponse().message() : null;
      String reqId = er.errorResponse() != null ? er.errorResponse().requestId() : null;
      String server = code == null ? msg : code + (msg == null || msg.isBlank() ? "" : ": " + msg);
      if (server != null) {
        server = Redaction.text(server);
      }
      ServiceErrorDetails d = new ServiceErrorDetails("S3", method, url, status, reqId, server,
          null, null);
      return serviceError(d, code, t);
    }
    if (t instanceof ServerException se) {
      ServiceErrorDetails d = new ServiceErrorDetails("S3", "?", what, se.statusCode(), null,
          Redaction.text(String.valueOf(se.getMessage())), null, null);
      return serviceError(d, null, t);
    }
    if (t instanceof InvalidResponseException ir) {
      ServiceErrorDetails d = new ServiceErrorDetails("S3", "?", what, 200, null,
          Redaction.text(String.valueOf(ir.getMessage())), null, null);
      return new de.denbi.spe.core.InvalidResponseException(d,
          "The S3 endpoint answered with something that is not S3; check the endpoint URL.", ir);
    }
    if (t instanceof SSLException ssl) {
      return new SpeConnectionException("TLS failed for " + what + ": " + ssl.getMessage()
          + ". Check the store's certificate and the trusted certificates of the HTTP client.",
          ssl, false);
    }
    if (t instanceof InterruptedIOException iio) {
      return new SpeConnectionException("Timed out or interrupted: " + what + " ("
          + iio.getMessage() + ")", iio, true);
    }
    if (t instanceof UncheckedIOException uio) {
      return map(uio.getCause(), what);
    }
    if (t instanceof IOException io) {
      return new SpeConnectionException("Connection to the S3 store failed: " + what + " ("
          + Redaction.text(String.valueOf(io.getMessage())) + "); try again", io, true);
    }
    if (t instanceof IllegalArgumentException iae) {
      return new InvalidRequestException("request", Redaction.text(String.valueOf(
          iae.getMessage())) + " (" + what + ")");
    }
    if (t instanceof InterruptedException ie) {
      Thread.currentThread().interrupt();
      return new SpeException("Interrupted: " + what, ie);
    }
    if (t instanceof java.security.GeneralSecurityException gse) {
      return new SpeException("Crypto failure in " + what + ": " + gse.getMessage(), gse);
    }
    return new SpeException("S3 operation failed: " + what + ": " + t, t);
  }

  /**
   * Maps a local I/O failure.
   *
   * @param e the failure
   * @param what what was done to which file
   * @return the exception
   */
  public static LocalIOException local(IOException e, String what) {
    return new LocalIOException(what + " failed: " + e.getMessage(), e);
  }

  /**
   * The cause of wrappers (ExecutionException, CompletionException).
   *
   * @param e the exception
   * @return the real cause
   */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The core exception for an S3 error, with the S3 code attached.
   *
   * @param d the details
   * @param s3Code the S3 code
   * @param cause the minio exception
   * @return the exception
   */
  static SpeServiceException serviceError(ServiceErrorDetails d, String s3Code, Throwable cause) {
    SpeServiceException e = SpeServiceException.of(d);
    e.addSuppressed(new S3CodeMarker(s3Code));
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** Carries the S3 error code on an exception (as a suppressed marker). */
  public static final class S3CodeMarker extends RuntimeException {
    @java.io.Serial private static final long serialVersionUID = 1L;
    private final String code;

    S3CodeMarker(String code) {
      super("S3 error code " + code, null, false, false);
      this.code = code;
    }

    /**
     * The S3 error code.
     *
     * @return the code, or null
     */
    public String code() {
      return code;
    }
  }

  /**
   * The S3 error code recorded on a mapped exception.
   *
   * @param e the exception
   * @return the code, or null
   */
  public static String codeOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof S3CodeMarker m) {
          return m.code();
        }
      }
      if (t instanceof ErrorResponseException er && er.errorResponse() != null) {
        return er.errorResponse().code();
      }
    }
    return null;
  }
}
