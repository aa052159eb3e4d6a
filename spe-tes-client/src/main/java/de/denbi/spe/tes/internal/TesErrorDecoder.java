package de.denbi.spe.tes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.http.ErrorDecoder;
import java.util.Locale;

/**
 * Error replies of TES servers as they are:
 *
 * <ul>
 *   <li>grpc-gateway servers (Funnel) put the gRPC status in {@code code} next to {@code
 *       error}/{@code message}; when the HTTP status is a bare 500 and the code is readable,
 *       it says what it was (3 invalid argument, 5 not found, 7 permission denied, 16
 *       unauthenticated, 14 unavailable). spe-core's redaction currently hides a JSON {@code
 *       code} field (it may be an OAuth authorization code), so then only the message
 *       counts;</li>
 *   <li>servers that answer an unknown task id with 500 and a "not found" message get a
 *       {@link de.denbi.spe.core.NotFoundException};</li>
 *   <li>TESK (Spring) and FastAPI bodies carry {@code message}/{@code detail}, which spe-core
 *       already reads.</li>
 * </ul>
 */
public final class TesErrorDecoder implements ErrorDecoder {

  @Override
  public SpeServiceException decode(ServiceErrorDetails d) {
    ServiceErrorDetails fixed = d;
    if (d.statusCode() == 500) {
      int grpc = grpcCode(d.body());
      int mapped =
          switch (grpc) {
            case 3, 9, 11 -> 400;
            case 5 -> 404;
            case 6 -> 409;
            case 7 -> 403;
            case 8 -> 429;
            case 14 -> 503;
            case 16 -> 401;
            default -> 500;
          };
      if (mapped == 500 && d.serverMessage() != null) {
        String m = d.serverMessage().toLowerCase(Locale.ROOT);
        if (m.contains("not found") || m.contains("no such task") || m.contains("does not exist")) {
          mapped = 404;
        }
      }
      if (mapped != 500) {
        fixed = d.withStatusCode(mapped);
      }
    }
    return SpeServiceException.of(fixed);
  }

  private static int grpcCode(JsonNode body) {
    if (body == null || !body.isObject()) {
      return -1;
    }
    JsonNode c = body.get("code");
    return c != null && c.isInt() && body.has("message") ? c.asInt() : -1;
  }
}
