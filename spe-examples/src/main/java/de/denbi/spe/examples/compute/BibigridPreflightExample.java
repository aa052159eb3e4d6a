package de.denbi.spe.examples.compute;

import de.denbi.spe.compute.bibigrid.BibigridConfiguration;
import de.denbi.spe.compute.bibigrid.BibigridConfigurationException;
import de.denbi.spe.compute.bibigrid.CloudConfiguration;
import de.denbi.spe.compute.bibigrid.Instance;
import de.denbi.spe.compute.openstack.OpenStackClient;
import de.denbi.spe.compute.openstack.Preflight;
import de.denbi.spe.compute.openstack.PreflightReport;
import de.denbi.spe.core.SpeException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The first step from a BiBiGrid configuration to a running cluster: read {@code bibigrid.yaml},
 * validate it (every bad key named), then check it against the OpenStack project (flavors,
 * images, network, quota for master and all workers) with the application credential in
 * {@code OS_*} variables, as de.NBI users log in. Without a file it checks a small cluster made
 * of {@code SPE_OS_FLAVOR}, {@code SPE_OS_IMAGE}, {@code SPE_OS_NETWORK}.
 *
 * <pre>
 * . .spe-local/openstack/env.sh
 * spe-examples/run compute-preflight bibigrid.yaml
 * spe-examples/run compute-preflight --offline bibigrid.yaml   # only the local validation
 * </pre>
 */
public final class BibigridPreflightExample {
  private BibigridPreflightExample() {}

  /**
   * Runs the example with the process environment.
   *
   * @param args [--offline] [bibigrid.yaml]
   * @param out where to print
   * @return 0 if the cluster can be built, 1 if not, 2 on bad usage
   */
  public static int run(String[] args, PrintStream out) {
    return run(args, System.getenv(), out);
  }

  /**
   * Runs the example.
   *
   * @param args [--offline] [bibigrid.yaml]
   * @param env the OpenStack variables
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out) {
    boolean offline = args.length > 0 && args[0].equals("--offline");
    int first = offline ? 1 : 0;
    try {
      BibigridConfiguration config;
      if (args.length > first) {
        config = BibigridConfiguration.read(Path.of(args[first]));
      } else {
        String flavor = env.getOrDefault("SPE_OS_FLAVOR", "de.NBI.small");
        String image = env.getOrDefault("SPE_OS_IMAGE", "Ubuntu-22.04");
        config = BibigridConfiguration.of(CloudConfiguration.builder().cloud("openstack")
            .cloudIdentifier("example").sshUser("ubuntu").network(env.getOrDefault("SPE_OS_NETWORK", "private"))
            .masterInstance(Instance.of(flavor, image, 1)).addWorkerInstance(Instance.of(flavor, image, 2))
            .build());
      }
      config.requireValid();
      out.println("configuration valid: " + config.configurations().size() + " cloud(s), "
          + config.master().workerInstances().stream().mapToInt(Instance::effectiveCount).sum() + " worker(s)");
      if (offline) {
        return 0;
      }
      OpenStackClient os = OpenStackClient.builder().authUrl(need(env, "OS_AUTH_URL"))
          .applicationCredential(need(env, "OS_APPLICATION_CREDENTIAL_ID"), need(env, "OS_APPLICATION_CREDENTIAL_SECRET"))
          .region(env.get("OS_REGION_NAME")).build();
      PreflightReport report = Preflight.check(config, os);
      out.println(report.summary());
      out.println("needs " + report.required() + "; quota leaves " + report.available());
      return report.ok() ? 0 : 1;
    } catch (BibigridConfigurationException e) {
      out.println(e.getMessage());
      return 1;
    } catch (SpeException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static String need(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new SpeException(name + " is not set: source your OpenStack RC file (application credential)");
    }
    return v;
  }

  /**
   * Entry point.
   *
   * @param args see {@link #run(String[], PrintStream)}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
