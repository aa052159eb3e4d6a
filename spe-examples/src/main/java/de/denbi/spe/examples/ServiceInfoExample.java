package de.denbi.spe.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.PrintStream;
import okhttp3.HttpUrl;

/**
 * Reads the GA4GH service-info of any GA4GH service (WES, TES, DRS, ...) through spe-core's HTTP
 * client: retries, timeouts, typed errors. Prints what kind of service it is and who runs it.
 *
 * <pre>
 * spe-examples/run service-info https://tesk.example.org/ga4gh/tes/v1
 * SPE_TOKEN=eyJ... spe-examples/run service-info https://wes.example.org/ga4gh/wes/v1
 * </pre>
 */
public final class ServiceInfoExample {

  /**
   * The GA4GH service-info 1.0 {@code Service} object (the fields every service has; fields of
   * a service's own service-info, such as TES {@code storage}, are ignored here).
   */
  public record ServiceInfo(
      String id,
      String name,
      ServiceType type,
      String description,
      Organization organization,
      String contactUrl,
      String documentationUrl,
      String environment,
      String version) {}

  /** {@code group:artifact:version} of the service's API, e.g. {@code org.ga4gh:tes:1.1.0}. */
  public record ServiceType(String group, String artifact, String version) {}

  /** Who runs the service. */
  public record Organization(String name, @JsonProperty("url") String url) {}

  private ServiceInfoExample() {}

  /**
   * Fetches the service-info of a base URL.
   *
   * @param http the client
   * @param baseUrl the service's base URL (service-info is appended)
   * @return the service-info
   */
  public static ServiceInfo fetch(SpeHttpClient http, HttpUrl baseUrl) {
    HttpUrl url = baseUrl.newBuilder().addPathSegment("service-info").build();
    return http.execute(http.get(url), ServiceInfo.class);
  }

  /**
   * Runs the example.
   *
   * @param args the base URL
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length != 1) {
      out.println("usage: service-info BASE_URL   (e.g. https://tesk.example.org/ga4gh/tes/v1)");
      out.println("       an access token can be given in the environment variable SPE_TOKEN");
      return 2;
    }
    HttpUrl base = HttpUrl.parse(args[0].endsWith("/") ? args[0].substring(0, args[0].length() - 1) : args[0]);
    if (base == null) {
      out.println("not an http(s) URL: " + args[0]);
      return 2;
    }
    SpeHttpClient.Builder b = SpeHttpClient.builder().serviceName("GA4GH service");
    String token = System.getenv("SPE_TOKEN");
    if (token != null && !token.isBlank()) {
      b.tokenSource(AccessTokenSource.of(token.strip()));
    }
    try {
      ServiceInfo info = fetch(b.build(), base);
      ServiceType t = info.type();
      out.printf("%s (%s)%n", info.name(), info.id());
      out.printf("  API:          %s%n", t == null ? "?" : t.group() + ":" + t.artifact() + ":" + t.version());
      out.printf("  version:      %s%n", info.version());
      out.printf("  organization: %s%n", info.organization() == null ? "?" : info.organization().name());
      if (info.environment() != null) {
        out.printf("  environment:  %s%n", info.environment());
      }
      return 0;
    } catch (SpeException e) {
      out.println(e.getMessage());
      return 1;
    }
  }

  /**
   * Entry point.
   *
   * @param args the base URL
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
