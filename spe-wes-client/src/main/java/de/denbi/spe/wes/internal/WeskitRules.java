package de.denbi.spe.wes.internal;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.wes.RunRequest;
import de.denbi.spe.wes.ServiceInfo;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What WESkit accepts in a run request, checked before anything is sent. */
public final class WeskitRules {
  /** WESkit's engine parameters (its {@code KNOWN_PARAMS}). */
  public static final Set<String> KNOWN_ENGINE_PARAMETERS =
      Set.of(
          "engine-environment", "trace", "timeline", "report", "tempdir", "graph", "job-name",
          "max-memory", "cores", "accounting-name", "group", "queue", "max-runtime",
          "use-singularity", "use-conda", "forceall", "profile", "tes", "jobs",
          "data_aws_access_key_id", "data_aws_secret_access_key", "task_conda_pkgs_dir",
          "task_conda_envs_path", "task_home");

  private static final Map<String, String> TYPE_ALIASES =
      Map.of("snakemake", "SMK", "smk", "SMK", "nextflow", "NFL", "nfl", "NFL", "nf", "NFL");
  private static final Map<String, String> ENGINE_OF_TYPE = Map.of("SMK", "snakemake", "NFL", "nextflow");
  private static final Pattern FORBIDDEN = Pattern.compile("[;'\"\\[\\]{}()$]");

  private WeskitRules() {}

  /**
   * Checks a request against WESkit's rules.
   *
   * @param r the request
   * @param info the server's service-info, or null when unknown
   * @throws InvalidRequestException naming the field WESkit would reject
   */
  public static void check(RunRequest r, ServiceInfo info) {
    String type = r.workflowType();
    if (!ENGINE_OF_TYPE.containsKey(type)) {
      String alias = TYPE_ALIASES.get(type.toLowerCase(Locale.ROOT));
      throw new InvalidRequestException(
          "workflow_type",
          "WESkit knows 'SMK' (Snakemake) and 'NFL' (Nextflow), not '"
              + type
              + "'"
              + (alias != null ? "; use '" + alias + "'" : ""));
    }
    if (r.workflowEngine() != null
        && !r.workflowEngine().equalsIgnoreCase(ENGINE_OF_TYPE.get(type))
        && !r.workflowEngine().equals(type)) {
      throw new InvalidRequestException(
          "workflow_engine",
          "WESkit runs " + type + " workflows with " + ENGINE_OF_TYPE.get(type) + ", not '"
              + r.workflowEngine() + "'");
    }
    if (r.workflowEngineVersion() != null
        && !r.workflowEngineVersion().equals(r.workflowTypeVersion())) {
      throw new InvalidRequestException(
          "workflow_engine_version",
          "WESkit takes the engine version as workflow_type_version ('"
              + r.workflowTypeVersion()
              + "'); '"
              + r.workflowEngineVersion()
              + "' differs. Set workflow_type_version to the engine version.");
    }
    checkWorkflowUrl(r.workflowUrl());
    Set<String> allowed = allowedParameters(info, type);
    for (String name : r.workflowEngineParameters().keySet()) {
      if (!allowed.contains(name)) {
        String dashed = name.replace('_', '-');
        String hint =
            allowed.contains(dashed)
                ? "; WESkit names it '" + dashed + "'"
                : "; WESkit accepts " + new TreeSet<>(allowed);
        throw new InvalidRequestException(
            "workflow_engine_parameters." + name, "is not an engine parameter WESkit accepts" + hint);
      }
    }
  }

  /**
   * Checks a WESkit {@code workflow_url}: a relative {@code file:} path (or a bare relative
   * path) that stays inside the run directory and has no shell or query metacharacters, or a
   * {@code trs://} URI.
   *
   * @param url the URL
   */
  public static void checkWorkflowUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("trs://")) {
      if (url.length() <= "trs://".length()) {
        throw new InvalidRequestException("workflow_url", "'trs://' needs a host and a tool id");
      }
      return;
    }
    String path;
    if (lower.startsWith("file:")) {
      path = url.substring(5);
      if (path.startsWith("//")) {
        throw new InvalidRequestException(
            "workflow_url",
            "WESkit needs a relative path such as 'file:Snakefile', not '" + url + "'");
      }
    } else if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
      throw new InvalidRequestException(
          "workflow_url",
          "WESkit accepts only a relative 'file:' path (e.g. 'file:Snakefile', an attached file)"
              + " or a 'trs://' URI, not '"
              + url
              + "'. Attach the workflow and name it relative to the attachments.");
    } else {
      path = url;
    }
    if (path.isEmpty()) {
      throw new InvalidRequestException("workflow_url", "the path is empty");
    }
    if (path.startsWith("/")) {
      throw new InvalidRequestException(
          "workflow_url", "WESkit needs a relative path, '" + url + "' is absolute");
    }
    if (FORBIDDEN.matcher(path).find()) {
      throw new InvalidRequestException(
          "workflow_url", "WESkit rejects the characters ; ' \" [ ] { } ( ) $ in paths: '" + url + "'");
    }
    int depth = 0;
    for (String seg : path.split("/")) {
      if (seg.equals("..")) {
        depth--;
      } else if (!seg.isEmpty() && !seg.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw new InvalidRequestException(
            "workflow_url", "the path leaves the run's directory: '" + url + "'");
      }
    }
  }

  private static Set<String> allowedParameters(ServiceInfo info, String type) {
    if (info != null && !info.defaultWorkflowEngineParameters().isEmpty()) {
      Set<String> names = new TreeSet<>();
      info.defaultWorkflowEngineParameters().stream()
          .filter(p -> p.engine() == null || p.engine().equals(type)
              || p.engine().equalsIgnoreCase(ENGINE_OF_TYPE.get(type)))
          .forEach(p -> {
            if (p.name() != null) {
              names.add(p.name());
            }
          });
      if (!names.isEmpty()) {
        return names;
      }
    }
    return KNOWN_ENGINE_PARAMETERS;
  }
}
