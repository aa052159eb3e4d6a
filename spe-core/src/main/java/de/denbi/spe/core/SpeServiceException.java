package de.denbi.spe.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * A service answered with an error. Carries the status code, the request id, the server's
 * message and its parsed error body (never a token: bodies are redacted).
 *
 * <p>Use {@link #of(ServiceErrorDetails)} to get the subclass that fits the status:
 * {@link BadRequestException} (400, 422), {@link UnauthorizedException} (401),
 * {@link ForbiddenException} (403), {@link NotFoundException} (404), {@link ConflictException}
 * (409), {@link TooManyRequestsException} (429), {@link ServerErrorException} (5xx).
 *
 * @since 0.1.0
 */
public class SpeServiceException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ServiceErrorDetails details;

  /**
   * Creates the exception with the standard message for its status.
   *
   * @param details what the service answered
   */
  public SpeServiceException(ServiceErrorDetails details) {
    this(details, advice(details.statusCode()));
  }

  /**
   * Creates the exception with a message of its own.
   *
   * @param details what the service answered
   * @param advice what the caller should do, appended to the standard description
   */
  protected SpeServiceException(ServiceErrorDetails details, String advice) {
    super(describe(details, advice));
    this.details = details;
  }

  /**
   * Creates the exception with a cause (used for unreadable responses).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   * @param cause the parse failure
   */
  protected SpeServiceException(ServiceErrorDetails details, String advice, Throwable cause) {
    super(describe(details, advice), cause);
    this.details = details;
  }

  /**
   * The exception type that fits a status code.
   *
   * @param details what the service answered
   * @return a new exception, not thrown yet
   */
  public static SpeServiceException of(ServiceErrorDetails details) {
    int status = details.statusCode();
    return switch (status) {
      case 400, 422 -> new BadRequestException(details);
      case 401 -> new UnauthorizedException(details);
      case 403 -> new ForbiddenException(details);
      case 404 -> new NotFoundException(details);
      case 409 -> new ConflictException(details);
      case 429 -> new TooManyRequestsException(details);
      default ->
          status >= 500 && status <= 599
              ? new ServerErrorException(details)
              : new SpeServiceException(details);
    };
  }

  /**
   * All details of the reply.
   *
   * @return the details
   */
  public ServiceErrorDetails details() {
    return details;
  }

  /**
   * The HTTP status code.
   *
   * @return e.g. 404
   */
  public int statusCode() {
    return details.statusCode();
  }

  /**
   * The server's request id, for a support ticket.
   *
   * @return the id, if the server sent one
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(details.requestId());
  }

  /**
   * The message the server gave.
   *
   * @return the message, if there was one
   */
  public Optional<String> serverMessage() {
    return Optional.ofNullable(details.serverMessage());
  }

  /**
   * The parsed JSON error body.
   *
   * @return the body, if it was JSON
   */
  public Optional<JsonNode> errorBody() {
    return Optional.ofNullable(details.body());
  }

  /**
   * The service's name as the client calls it.
   *
   * @return e.g. {@code WES}
   */
  public String service() {
    return details.service();
  }

  @Override
  public boolean retryable() {
    int s = details.statusCode();
    return s == 408 || s == 429 || s == 502 || s == 503 || s == 504;
  }

  /**
   * What to do about an error with this status, in one sentence.
   *
   * @param status the HTTP status
   * @return the advice
   */
  static String advice(int status) {
    return switch (status) {
      case 400, 422 -> "The request was rejected as invalid; check its parameters.";
      case 401 ->
          "The credentials were rejected; log in again or check the token source"
              + " (an expired or revoked token, or one for another audience).";
      case 403 ->
          "Access denied; ask the project's PI or the site for the entitlement, policy or"
              + " role this operation needs.";
      case 404 -> "Not found; check the id, name or URL (and the base URL of the service).";
      case 405 -> "The server does not support this operation at this URL; check the base URL.";
      case 408 -> "The server timed out waiting for the request; try again.";
      case 409 -> "The resource is in a state that does not allow this operation.";
      case 413 -> "The request is too large for the server.";
      case 429 -> "Too many requests; wait before trying again.";
      default -> {
        if (status >= 500 && status <= 599) {
          yield "The service failed; try again later and contact the site's support with the"
              + " request id if it persists.";
        }
        yield "Unexpected answer from the service.";
      }
    };
  }

  private static String describe(ServiceErrorDetails d, String advice) {
    StringBuilder sb = new StringBuilder(160);
    sb.append(d.service())
        .append(" answered HTTP ")
        .append(d.statusCode())
        .append(" to ")
        .append(d.method())
        .append(' ')
        .append(d.url());
    if (d.requestId() != null) {
      sb.append(" (request id ").append(d.requestId()).append(')');
    }
    if (d.serverMessage() != null && !d.serverMessage().isBlank()) {
      sb.append(": ").append(d.serverMessage().strip());
    }
    if (advice != null && !advice.isBlank()) {
      sb.append(sb.charAt(sb.length() - 1) == '.' ? " " : ". ").append(advice);
    }
    Duration ra = d.retryAfter();
    if (ra != null) {
      sb.append(" The server asked to retry after ").append(ra.toSeconds()).append(" s.");
    }
    return sb.toString();
  }
}
