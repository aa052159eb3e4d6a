package de.denbi.spe.wes.internal;

import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.http.ErrorDecoder;
import de.denbi.spe.wes.WesDialect;
import java.util.List;
import java.util.function.Supplier;

/**
 * WES error replies ({@code ErrorResponse {msg, status_code}}) to spe-core exceptions. WESkit
 * answers many client errors with HTTP 500 and a message; unless the server is known to be
 * standard, those messages are recognised and mapped to the status they mean (400, 403, 404,
 * 409), with a note that the server sent 500. Other 500s stay server errors.
 */
public final class WesErrorDecoder implements ErrorDecoder {

  private record Rule(String phrase, int status, String meaning) {}

  private static final List<Rule> WESKIT_RULES =
      List.of(
          new Rule("could not find", 404, "the run does not exist (or belongs to no one you can see)"),
          new Rule("not in completed state", 409, "the run has not completed yet; wait for it first"),
          new Rule("not allowed to access", 403, "the run belongs to another user"),
          new Rule("syntactically invalid run id", 400, "WESkit run ids are UUIDs; check the id"),
          new Rule("uuid expected", 400, "WESkit run ids are UUIDs; check the id"),
          new Rule("syntactically invalid user id", 400, "the token's user id is not accepted by WESkit"),
          new Rule("invalid user id", 400, "the token's user id is not accepted by WESkit"),
          new Rule("malformed request", 400, "the run request was rejected; see the message"),
          new Rule("unknown workflow_type", 400, "use a workflow type/version from service-info"),
          new Rule("forbidden characters", 400, "remove ; ' \" [ ] { } ( ) $ from paths"),
          new Rule("not a relative path", 400, "workflow_url must be a relative file: path or trs:// URI"),
          new Rule("points outside allowed root", 400, "the path leaves the run's directory"),
          new Rule("are allowed in workflow uris", 400, "workflow_url must be a relative file: path or trs:// URI"),
          new Rule("uris are allowed", 400, "only https:// and relative file: URIs are accepted"),
          new Rule("could not parse", 400, "a URI or tag could not be parsed"),
          new Rule("run_dir' tag", 400, "this WESkit requires a 'run_dir' tag"));

  private final Supplier<WesDialect> dialect;

  /**
   * Creates the decoder.
   *
   * @param dialect the server's dialect as currently known (AUTO before detection)
   */
  public WesErrorDecoder(Supplier<WesDialect> dialect) {
    this.dialect = dialect;
  }

  @Override
  public SpeServiceException decode(ServiceErrorDetails d) {
    if (d.statusCode() == 500 && dialect.get() != WesDialect.STANDARD && d.serverMessage() != null) {
      String lower = d.serverMessage().toLowerCase(java.util.Locale.ROOT);
      for (Rule r : WESKIT_RULES) {
        if (lower.contains(r.phrase())) {
          return SpeServiceException.of(
              d.withStatusCode(r.status())
                  .withServerMessage(
                      d.serverMessage().strip()
                          + " ("
                          + r.meaning()
                          + "; WESkit sent this client error as HTTP 500)"));
        }
      }
    }
    return SpeServiceException.of(d);
  }
}
