package de.denbi.spe.compute.slurm.internal;

import de.denbi.spe.compute.slurm.JobState;
import de.denbi.spe.compute.slurm.JobStatus;
import de.denbi.spe.compute.slurm.JobStatus.Source;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the sections of {@link SshCommands#statusScript}: the controller's live view wins
 * while a job is active; for an ended job the accounting or job-completion record wins (it has
 * the exit code).
 */
public final class StatusParser {
  private static final Pattern ID = Pattern.compile("(\\d+)(?:[_+](.+))?");

  private StatusParser() {}

  /** One line of squeue or sacct. */
  record Row(String fullId, String baseId, JobStatus status) {}

  /**
   * Parses the script's output.
   *
   * @param output the text
   * @param wanted the requested ids (base ids or {@code id_task})
   * @return statuses by requested id
   */
  public static Map<String, JobStatus> parse(String output, Collection<String> wanted) {
    Map<String, Row> live = new LinkedHashMap<>();
    Map<String, Row> records = new LinkedHashMap<>();
    Source recordSource = Source.JOB_COMPLETION;
    String section = "";
    for (String line : output.split("\n")) {
      if (line.startsWith("@@")) {
        section = line.strip().substring(2);
        if (section.equals("sacct")) {
          recordSource = Source.ACCOUNTING;
        }
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      Row r = section.equals("squeue") ? squeueRow(line) : sacctRow(line,
          section.equals("sacct") ? Source.ACCOUNTING : Source.JOB_COMPLETION);
      if (r == null) {
        continue;
      }
      (section.equals("squeue") ? live : records).put(r.fullId(), r);
    }
    Map<String, JobStatus> out = new LinkedHashMap<>();
    for (String id : wanted) {
      List<JobStatus> parts = new ArrayList<>();
      Map<String, Row> merged = new LinkedHashMap<>();
      for (Row r : records.values()) {
        if (matches(r, id)) {
          merged.put(r.fullId(), r);
        }
      }
      for (Row r : live.values()) {
        if (matches(r, id)) {
          Row rec = merged.get(r.fullId());
          // sacct -c mis-parses job names with spaces (jobcomp/filetxt is "key=value ..."):
          // a record without a clear end state loses against the controller's view
          if (rec == null || !r.status().state().isTerminal() || !rec.status().state().isTerminal()) {
            merged.put(r.fullId(), r);
          }
        }
      }
      if (merged.keySet().stream().anyMatch(k -> k.contains("_"))) {
        // jobcomp writes one task of an array under the array's own id: the tasks say more
        merged.keySet().removeIf(k -> !k.contains("_"));
      }
      merged.values().forEach(r -> parts.add(r.status()));
      if (parts.isEmpty()) {
        continue;
      }
      if (parts.size() == 1 && !merged.keySet().iterator().next().contains("_")) {
        out.put(id, parts.getFirst());
      } else {
        out.put(id, aggregate(id, parts));
      }
    }
    return out;
  }

  /**
   * Parses the script's output for all jobs in it.
   *
   * @param output the text
   * @return statuses by base job id
   */
  public static List<JobStatus> parseAll(String output) {
    List<String> ids = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.startsWith("@@") && !line.isBlank()) {
        Matcher m = ID.matcher(line.split("\\|", 2)[0]);
        if (m.matches() && !ids.contains(m.group(1))) {
          ids.add(m.group(1));
        }
      }
    }
    return new ArrayList<>(parse(output, ids).values());
  }

  private static boolean matches(Row r, String id) {
    return r.baseId().equals(id) || r.fullId().equals(id);
  }

  /**
   * The status of an array from its tasks.
   *
   * @param id the array's id
   * @param tasks the tasks
   * @return the combined status
   */
  public static JobStatus aggregate(String id, List<JobStatus> tasks) {
    JobState state = null;
    for (JobStatus t : tasks) {
      if (t.state() == JobState.RUNNING || t.state() == JobState.COMPLETING) {
        state = JobState.RUNNING;
        break;
      }
      if (!t.state().isTerminal() && state == null) {
        state = t.state();
      }
    }
    Integer exit = null;
    if (state == null) {
      state = JobState.COMPLETED;
      for (JobStatus t : tasks) {
        if (t.state() != JobState.COMPLETED) {
          state = t.state();
          break;
        }
      }
      for (JobStatus t : tasks) {
        if (t.exitCode() != null) {
          exit = exit == null ? t.exitCode() : Math.max(exit, t.exitCode());
        }
      }
    }
    JobStatus first = tasks.getFirst();
    return new JobStatus(id, first.name(), state, exit, "", first.partition(), first.user(),
        first.nodes(), first.source(), tasks);
  }

  private static Row squeueRow(String line) {
    String[] f = line.split("\\|", 7);
    if (f.length < 7) {
      return null;
    }
    Matcher m = ID.matcher(f[0].strip());
    if (!m.matches()) {
      return null;
    }
    JobStatus s = new JobStatus(f[0].strip(), f[6], JobState.parse(f[1]), null, none(f[2]), f[3],
        f[4], f[5], Source.CONTROLLER, List.of());
    return new Row(f[0].strip(), m.group(1), s);
  }

  private static Row sacctRow(String line, Source source) {
    String[] f = line.split("\\|", 8);
    if (f.length < 8) {
      return null;
    }
    Matcher m = ID.matcher(f[0].strip());
    if (!m.matches()) {
      return null;
    }
    JobStatus s = new JobStatus(f[0].strip(), f[7], JobState.parse(f[1]), exitCode(f[2]),
        none(f[6]), f[3], user(f[4]), f[5], source, List.of());
    return new Row(f[0].strip(), m.group(1), s);
  }

  private static String none(String s) {
    return s.equals("None") || s.equals("(null)") ? "" : s;
  }

  private static String user(String s) {
    int p = s.indexOf('(');
    return p > 0 ? s.substring(0, p) : s;
  }

  /**
   * The exit status from SLURM's {@code status:signal}.
   *
   * @param s e.g. {@code 3:0}
   * @return the status, or null
   */
  static Integer exitCode(String s) {
    String t = s.strip();
    int c = t.indexOf(':');
    String code = c >= 0 ? t.substring(0, c) : t;
    try {
      return code.isEmpty() ? null : Integer.valueOf(code);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
