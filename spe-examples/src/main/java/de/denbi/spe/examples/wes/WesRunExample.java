package de.denbi.spe.examples.wes;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.wes.RunLog;
import de.denbi.spe.wes.RunRequest;
import de.denbi.spe.wes.RunState;
import de.denbi.spe.wes.RunStatus;
import de.denbi.spe.wes.ServiceInfo;
import de.denbi.spe.wes.WesClient;
import de.denbi.spe.wes.WesDialect;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submits the Snakemake tutorial workflow (a directory with a {@code Snakefile}) to a WESkit (or
 * any WES) server with its files as attachments and {@code key=value} workflow parameters, waits
 * for it, and prints the run log.
 *
 * <pre>
 * SPE_TOKEN=eyJ... spe-examples/run wes-run https://weskit.example.org/ga4gh/wes/v1 snakemake-tutorial samples=A,B
 * </pre>
 */
public final class WesRunExample {
  private WesRunExample() {}

  /**
   * Runs the example.
   *
   * @param args the WES base URL, the workflow directory, then {@code key=value} parameters
   *     ({@code a,b} becomes a list; {@code --timeout=MINUTES} sets the wait)
   * @param out where to print
   * @return the exit code: 0 when the run completed, 1 when it failed, 2 on bad arguments
   */
  public static int run(String[] args, PrintStream out) {
    String token = System.getenv("SPE_TOKEN");
    return run(args, out, token == null || token.isBlank() ? null : AccessTokenSource.of(token.strip()));
  }

  /**
   * Runs the example with a token source.
   *
   * @param args see {@link #run(String[], PrintStream)}
   * @param out where to print
   * @param tokens where bearer tokens come from, or null for none
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, AccessTokenSource tokens) {
    if (args.length < 2) {
      out.println("usage: wes-run WES_URL WORKFLOW_DIR [key=value ...] [--timeout=MINUTES]");
      out.println("       WORKFLOW_DIR holds the Snakefile; the token comes from SPE_TOKEN");
      return 2;
    }
    Path dir = Path.of(args[1]);
    if (!Files.isRegularFile(dir.resolve("Snakefile"))) {
      out.println("no Snakefile in " + dir);
      return 2;
    }
    Duration timeout = Duration.ofHours(2);
    RunRequest.Builder req = RunRequest.builder().workflowType("SMK").workflowUrl("file:Snakefile").attachDirectory(dir);
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--timeout=")) {
        timeout = Duration.ofMinutes(Long.parseLong(a.substring(10)));
        continue;
      }
      int eq = a.indexOf('=');
      if (eq <= 0) {
        out.println("not key=value: " + a);
        return 2;
      }
      String v = a.substring(eq + 1);
      req.workflowParam(a.substring(0, eq), v.contains(",") ? List.of(v.split(",")) : v);
    }
    try {
      WesClient wes = WesClient.builder().baseUrl(args[0]).tokenSource(tokens).build();
      ServiceInfo info = wes.serviceInfo();
      List<String> versions = info.versionsOf("SMK");
      req.workflowTypeVersion(versions.isEmpty() ? "7.21.0" : versions.get(0));
      if (wes.serverProfile().dialect() == WesDialect.WESKIT) {
        req.engineParameter("cores", "1");
      }
      RunRequest r = req.build();
      out.println("server: WES " + wes.serverProfile().apiVersion() + ", " + wes.serverProfile().dialect()
          + "; submitting " + r.attachments().size() + " files as SMK " + r.workflowTypeVersion());
      String id = wes.runWorkflow(r);
      out.println("run " + id);
      AtomicReference<RunState> last = new AtomicReference<>();
      RunStatus done =
          wes.waitFor(id, timeout, s -> {
            if (last.getAndSet(s.state()) != s.state()) {
              out.println("  " + s.state());
            }
          });
      RunLog log = wes.getRunLog(id);
      out.println("state: " + done.state());
      log.log().ifPresent(l -> out.println("command: " + String.join(" ", l.cmd()) + "\nexit code: " + l.exitCode()));
      out.println("tasks: " + log.taskLogs().size());
      if (log.outputs() != null) {
        out.println("outputs: " + log.outputs());
      }
      if (done.state() == RunState.COMPLETE) {
        wes.runStdout(id).ifPresent(s -> out.println("--- stdout ---\n" + s));
      }
      return done.state() == RunState.COMPLETE ? 0 : 1;
    } catch (SpeException e) {
      out.println("failed: " + e.getMessage());
      return 1;
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
