package de.denbi.spe.compute.slurm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.compute.slurm.JobDependency;
import de.denbi.spe.compute.slurm.JobSpec;
import de.denbi.spe.compute.slurm.JobState;
import de.denbi.spe.compute.slurm.JobStatus;
import de.denbi.spe.compute.slurm.Node;
import de.denbi.spe.compute.slurm.Partition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * slurmrestd's JSON, across versions: v0.0.37/38 (22.05) send plain numbers and strings;
 * v0.0.39+ (23.02+) wrap numbers as {@code {"set":..,"infinite":..,"number":..}}, send
 * {@code job_state} as a list, {@code exit_code} as {@code {"status":..,"return_code":..}} and
 * want {@code environment} as a list of {@code NAME=value}.
 */
public final class RestJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RestJson() {}

  /**
   * The minor number of an API version such as {@code v0.0.38}.
   *
   * @param version the version
   * @return e.g. 38
   */
  public static int minor(String version) {
    return Integer.parseInt(version.substring(version.lastIndexOf('.') + 1));
  }

  /**
   * The submission body.
   *
   * @param spec the job
   * @param version the API version
   * @param defaultDirectory the working directory when the spec sets none
   * @return the JSON
   */
  public static ObjectNode submission(JobSpec spec, String version, String defaultDirectory) {
    boolean wrapped = minor(version) >= 39;
    ObjectNode root = F.objectNode();
    root.put("script", spec.batchScript());
    ObjectNode job = root.putObject("job");
    job.put("name", spec.name());
    put(job, "partition", spec.partition());
    put(job, "account", spec.account());
    put(job, "qos", spec.qos());
    spec.timeLimitMinutes().ifPresent(m -> {
      if (wrapped) {
        job.putObject("time_limit").put("set", true).put("infinite", false).put("number", m);
      } else {
        job.put("time_limit", m);
      }
    });
    if (spec.nodes() > 0) {
      if (wrapped) {
        job.put("nodes", Integer.toString(spec.nodes()));
      } else {
        job.putArray("nodes").add(spec.nodes()).add(spec.nodes());
      }
    }
    if (spec.tasks() > 0) {
      job.put("tasks", spec.tasks());
    }
    if (spec.cpusPerTask() > 0) {
      job.put("cpus_per_task", spec.cpusPerTask());
    }
    if (spec.memoryPerNodeMb() > 0) {
      number(job, "memory_per_node", spec.memoryPerNodeMb(), wrapped);
    }
    if (spec.memoryPerCpuMb() > 0) {
      number(job, "memory_per_cpu", spec.memoryPerCpuMb(), wrapped);
    }
    if (spec.gpus() > 0) {
      if (wrapped) {
        job.put("tres_per_job", "gres/gpu:" + spec.gpus());
      } else {
        job.put("gpus", Integer.toString(spec.gpus()));
      }
    }
    if (spec.gres() != null) {
      job.put(wrapped ? "tres_per_node" : "gres", wrapped ? "gres/" + spec.gres() : spec.gres());
    }
    put(job, "array", spec.array());
    if (!spec.dependencies().isEmpty()) {
      job.put("dependency", spec.dependencies().stream().map(JobDependency::toSlurm)
          .collect(Collectors.joining(",")));
    }
    job.put("current_working_directory",
        spec.workingDirectory() != null ? spec.workingDirectory() : defaultDirectory);
    put(job, "standard_output", spec.stdout());
    put(job, "standard_error", spec.stderr());
    if (spec.hold()) {
      job.put("hold", true);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.putAll(spec.environment());
    if (wrapped) {
      ArrayNode a = job.putArray("environment");
      env.forEach((k, v) -> a.add(k + "=" + v));
    } else {
      ObjectNode o = job.putObject("environment");
      env.forEach(o::put);
    }
    return root;
  }

  private static void put(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static void number(ObjectNode o, String field, long value, boolean wrapped) {
    if (wrapped) {
      o.putObject(field).put("set", true).put("infinite", false).put("number", value);
    } else {
      o.put(field, value);
    }
  }

  /**
   * A number that may be wrapped as {@code {"number":..}}.
   *
   * @param n the node
   * @return the number, or null when unset
   */
  public static Long number(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isNumber()) {
      return n.asLong();
    }
    if (n.isObject()) {
      if (n.has("set") && !n.path("set").asBoolean(true)) {
        return null;
      }
      return n.has("number") ? n.path("number").asLong() : null;
    }
    if (n.isTextual() && n.asText().matches("-?\\d+")) {
      return Long.parseLong(n.asText());
    }
    return null;
  }

  /**
   * The exit status of a job: 22.05 sends the raw wait status (exit code times 256, or a
   * signal number), 23.02+ an object with {@code return_code}.
   *
   * @param n the node
   * @return the exit status, or null
   */
  public static Integer exitCode(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      if (n.has("return_code")) {
        Long rc = number(n.get("return_code"));
        return rc == null ? null : rc.intValue();
      }
      Long v = number(n);
      return v == null ? null : raw(v);
    }
    Long v = number(n);
    return v == null ? null : raw(v);
  }

  private static int raw(long v) {
    if (v >= 256) {
      return (int) (v >> 8) & 0xff;
    }
    if (v > 0 && v < 128) {
      return 128 + (int) v; // killed by a signal, reported like a shell does
    }
    return (int) v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      return String.join(",", parts);
    }
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  /**
   * One job of a {@code jobs} array.
   *
   * @param j the job object
   * @return the status
   */
  public static JobStatus job(JsonNode j) {
    JsonNode st = j.path("job_state");
    String state = st.isArray() && !st.isEmpty() ? st.get(0).asText() : st.asText();
    Long task = number(j.path("array_task_id"));
    Long arrayJob = number(j.path("array_job_id"));
    String id = j.path("job_id").asText();
    if (arrayJob != null && arrayJob > 0) {
      String ts = text(j, "array_task_string");
      id = arrayJob + "_" + (task != null ? task.toString() : "[" + ts + "]");
    }
    String reason = text(j, "state_reason");
    return new JobStatus(id, text(j, "name"), JobState.parse(state),
        JobState.parse(state).isTerminal() ? exitCode(j.get("exit_code")) : null,
        reason.equals("None") ? "" : reason, text(j, "partition"), text(j, "user_name"),
        text(j, "nodes"), JobStatus.Source.REST, List.of());
  }

  /**
   * Statuses of the wanted ids from a {@code jobs} array (tasks of an array combined).
   *
   * @param jobs the array
   * @param wanted the ids
   * @return the statuses by id
   */
  public static Map<String, JobStatus> jobs(JsonNode jobs, Iterable<String> wanted) {
    Map<String, List<JobStatus>> byBase = new LinkedHashMap<>();
    for (JsonNode j : jobs) {
      JobStatus s = job(j);
      String base = s.jobId().contains("_") ? s.jobId().substring(0, s.jobId().indexOf('_')) : s.jobId();
      byBase.computeIfAbsent(base, k -> new ArrayList<>()).add(s);
      if (!base.equals(s.jobId())) {
        byBase.computeIfAbsent(s.jobId(), k -> new ArrayList<>()).add(s);
      }
    }
    Map<String, JobStatus> out = new LinkedHashMap<>();
    for (String id : wanted) {
      List<JobStatus> l = byBase.get(id);
      if (l == null || l.isEmpty()) {
        continue;
      }
      if (l.size() == 1 && !l.getFirst().jobId().contains("_")) {
        out.put(id, l.getFirst());
      } else if (l.size() == 1 && l.getFirst().jobId().equals(id)) {
        out.put(id, l.getFirst());
      } else {
        JobStatus agg = StatusParser.aggregate(id, l);
        out.put(id, new JobStatus(agg.jobId(), agg.name(), agg.state(), agg.exitCode(), agg.reason(),
            agg.partition(), agg.user(), agg.nodes(), JobStatus.Source.REST, agg.tasks()));
      }
    }
    return out;
  }

  /**
   * Partitions from a {@code partitions} reply.
   *
   * @param root the reply
   * @return the partitions
   */
  public static List<Partition> partitions(JsonNode root) {
    List<Partition> out = new ArrayList<>();
    for (JsonNode p : root.path("partitions")) {
      String flags = text(p, "flags").toUpperCase(java.util.Locale.ROOT);
      JsonNode stateNode = p.has("partition") ? p.path("partition").path("state") : p.path("state");
      String state = stateNode.isArray() && !stateNode.isEmpty() ? stateNode.get(0).asText() : stateNode.asText();
      Long max = number(p.has("maximums") ? p.path("maximums").path("time") : p.path("max_time_limit"));
      Long cpus = number(p.has("cpus") ? p.path("cpus").path("total") : p.path("total_cpus"));
      Long nodes = number(p.has("nodes") && p.path("nodes").isObject()
          ? p.path("nodes").path("total") : p.path("total_nodes"));
      out.add(new Partition(p.path("name").asText(), state.equalsIgnoreCase("UP"),
          flags.contains("DEFAULT"), max == null ? "infinite" : max + " min",
          nodes == null ? 0 : nodes.intValue(), cpus == null ? 0 : cpus.intValue()));
    }
    return out;
  }

  /**
   * Nodes from a {@code nodes} reply.
   *
   * @param root the reply
   * @return the nodes
   */
  public static List<Node> nodes(JsonNode root) {
    List<Node> out = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      List<String> parts = new ArrayList<>();
      n.path("partitions").forEach(x -> parts.add(x.asText()));
      Long cpus = number(n.path("cpus"));
      Long mem = number(n.path("real_memory"));
      out.add(new Node(n.path("name").asText(), text(n, "state").toLowerCase(java.util.Locale.ROOT),
          cpus == null ? 0 : cpus.intValue(), mem == null ? 0 : mem, text(n, "gres"), parts));
    }
    return out;
  }
}
