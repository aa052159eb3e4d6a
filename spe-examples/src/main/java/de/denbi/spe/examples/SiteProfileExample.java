package de.denbi.spe.examples;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.profile.SiteProfile;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Shows the site profile this machine would use (from {@code SPE_SITE_PROFILE}, {@code
 * ~/.config/spe/site.yaml} and {@code SPE_*} variables) and, with {@code --check}, whether each
 * HTTP endpoint answers.
 *
 * <pre>
 * spe-examples/run site-profile                      # what is configured
 * spe-examples/run site-profile --check              # and is it reachable
 * spe-examples/run site-profile my-site.yaml --check # a given file
 * </pre>
 */
public final class SiteProfileExample {
  private SiteProfileExample() {}

  /**
   * The HTTP endpoints a profile names, by key.
   *
   * @param p the profile
   * @return key to URL, in profile order
   */
  public static Map<String, URI> endpoints(SiteProfile p) {
    Map<String, URI> m = new LinkedHashMap<>();
    if (p.oidc() != null) {
      URI issuer = p.oidc().issuer();
      String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
      m.put("oidc.issuer", URI.create(base + ".well-known/openid-configuration"));
    }
    if (p.s3() != null) {
      m.put("s3.endpoint", p.s3().endpoint());
      if (p.s3().stsEndpoint() != null) {
        m.put("s3.stsEndpoint", p.s3().stsEndpoint());
      }
    }
    if (p.wesUrl() != null) {
      m.put("wes.url", URI.create(p.wesUrl() + "/service-info"));
    }
    for (int i = 0; i < p.tesUrls().size(); i++) {
      m.put("tes.urls[" + i + "]", URI.create(p.tesUrls().get(i) + "/service-info"));
    }
    if (p.slurm() != null && p.slurm().restUrl() != null) {
      m.put("slurm.restUrl", p.slurm().restUrl());
    }
    if (p.bibigridUrl() != null) {
      m.put("bibigrid.url", p.bibigridUrl());
    }
    if (p.openstack() != null) {
      m.put("openstack.authUrl", p.openstack().authUrl());
    }
    return m;
  }

  /**
   * Runs the example.
   *
   * @param args an optional profile file and {@code --check}
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    boolean check = false;
    Path file = null;
    for (String a : args) {
      if (a.equals("--check")) {
        check = true;
      } else if (file == null && !a.startsWith("-")) {
        file = Path.of(a);
      } else {
        out.println("usage: site-profile [FILE.yaml] [--check]");
        return 2;
      }
    }
    SiteProfile p;
    try {
      p = file != null ? SiteProfile.fromYaml(file) : SiteProfile.load();
    } catch (SpeException e) {
      out.println(e.getMessage());
      return 1;
    }
    Map<String, URI> endpoints = endpoints(p);
    out.println("site: " + p.name());
    if (endpoints.isEmpty()) {
      out.println("  nothing configured: write ~/.config/spe/site.yaml, point SPE_SITE_PROFILE at a"
          + " file, or set SPE_* variables (see docs/site-integrators.md)");
      return 0;
    }
    if (p.slurm() != null && p.slurm().loginHost() != null) {
      out.printf("  %-18s ssh://%s:%d%n", "slurm.loginHost", p.slurm().loginHost(), p.slurm().sshPort());
    }
    SpeHttpClient http =
        SpeHttpClient.builder()
            .serviceName("site check")
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(10))
            .retryPolicy(RetryPolicy.none())
            .build();
    int failures = 0;
    for (Map.Entry<String, URI> e : endpoints.entrySet()) {
      String status = "";
      if (check) {
        status = probe(http, e.getValue());
        if (status.startsWith("unreachable")) {
          failures++;
        }
      }
      out.printf("  %-18s %s %s%n", e.getKey(), e.getValue(), status);
    }
    return failures == 0 ? 0 : 1;
  }

  private static String probe(SpeHttpClient http, URI uri) {
    HttpUrl url = HttpUrl.get(uri);
    Request req = new Request.Builder().url(url).get().build();
    try (Response r = http.okHttpClient().newCall(req).execute()) {
      return "-> HTTP " + r.code();
    } catch (java.io.IOException ex) {
      return "unreachable (" + ex.getClass().getSimpleName() + ")";
    }
  }

  /**
   * Entry point.
   *
   * @param args see {@link #run}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
