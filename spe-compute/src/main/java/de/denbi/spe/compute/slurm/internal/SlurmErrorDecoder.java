package de.denbi.spe.compute.slurm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ConflictException;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.http.ErrorDecoder;

/**
 * slurmrestd's errors: it answers most failures with HTTP 500 and a SLURM error number in
 * {@code errors[].error_number} (v0.0.38+) or {@code errno} (v0.0.37). The number says what
 * happened: 2017 is an unknown job (404), 2000-2099 an invalid request (400), 2002 and 2010
 * access (403), 2021 a job already done (409), 1007 and 6000-6099 authentication (401).
 */
public final class SlurmErrorDecoder implements ErrorDecoder {

  @Override
  public SpeServiceException decode(ServiceErrorDetails d) {
    int code = errorNumber(d.body());
    String message = message(d);
    ServiceErrorDetails details = message != null ? d.withServerMessage(message) : d;
    if (code == 2017) {
      return new NotFoundException(details.withStatusCode(404),
          "SLURM does not know this job (error 2017): the id is wrong or the job ended long ago.");
    }
    if (code == 2002 || code == 2010) {
      return new ForbiddenException(details.withStatusCode(403));
    }
    if (code == 2021) {
      return new ConflictException(details.withStatusCode(409));
    }
    if (code == 1007 || (code >= 6000 && code < 6100)) {
      return new UnauthorizedException(details.withStatusCode(401));
    }
    if (code >= 2000 && code < 3000) {
      return new BadRequestException(details.withStatusCode(400));
    }
    if (d.statusCode() == 500 && code == -1) {
      return SpeServiceException.of(details.withServerMessage(
          (message == null ? "" : message + "; ")
              + "slurmrestd also answers this way when the JWT was rejected (expired, wrong user"
              + " or signed with another key)"));
    }
    return SpeServiceException.of(details);
  }

  private static int errorNumber(JsonNode body) {
    if (body == null) {
      return Integer.MIN_VALUE;
    }
    for (JsonNode e : body.path("errors")) {
      JsonNode n = e.has("error_number") ? e.get("error_number")
          : e.has("error_code") ? e.get("error_code") : e.get("errno");
      if (n != null && n.canConvertToInt()) {
        return n.asInt();
      }
    }
    return Integer.MIN_VALUE;
  }

  private static String message(ServiceErrorDetails d) {
    if (d.body() == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : d.body().path("errors")) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.path("error").asText(""));
      String desc = e.path("description").asText("");
      if (!desc.isEmpty()) {
        sb.append(" (").append(desc).append(')');
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
