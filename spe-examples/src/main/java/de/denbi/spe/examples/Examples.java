package de.denbi.spe.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs an example by name: {@code spe-examples/run NAME [ARGS...]}. Each example is also a plain
 * {@code main()} program and a JBang script under {@code spe-examples/jbang/}.
 */
public final class Examples {
  private static final Map<String, BiFunction<String[], PrintStream, Integer>> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("site-profile", SiteProfileExample::run);
    EXAMPLES.put("service-info", ServiceInfoExample::run);
    EXAMPLES.put("auth", de.denbi.spe.examples.auth.AuthExample::run);
    EXAMPLES.put("tes-presigned", de.denbi.spe.examples.tes.TesPresignedExample::run);
    EXAMPLES.put("wes-run", de.denbi.spe.examples.wes.WesRunExample::run);
    EXAMPLES.put("storage-share-dataset", de.denbi.spe.examples.storage.ShareDatasetExample::run);
    EXAMPLES.put("storage-upload-encrypted", de.denbi.spe.examples.storage.EncryptedUploadExample::run);
    EXAMPLES.put("storage-resume", de.denbi.spe.examples.storage.ResumeUploadExample::run);
    EXAMPLES.put("compute-slurm-job", de.denbi.spe.examples.compute.SlurmJobExample::run);
    EXAMPLES.put("compute-preflight", de.denbi.spe.examples.compute.BibigridPreflightExample::run);
  }

  private Examples() {}

  /**
   * Runs the named example.
   *
   * @param args the example's name, then its arguments
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length == 0 || !EXAMPLES.containsKey(args[0])) {
      out.println("usage: spe-examples/run EXAMPLE [ARGS...]   examples: " + String.join(", ", EXAMPLES.keySet()));
      return args.length == 0 ? 0 : 2;
    }
    return EXAMPLES.get(args[0]).apply(Arrays.copyOfRange(args, 1, args.length), out);
  }

  /**
   * Entry point.
   *
   * @param args the example's name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
