package de.denbi.spe.tes.internal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.tes.TesExecutor;
import de.denbi.spe.tes.TesFileType;
import de.denbi.spe.tes.TesInput;
import de.denbi.spe.tes.TesOutput;
import de.denbi.spe.tes.TesResources;
import de.denbi.spe.tes.TesTask;
import java.util.List;
import java.util.Map;

/** The TES request and reply bodies that are not API models. */
public final class Wire {
  private Wire() {}

  /**
   * {@code tesListTasksResponse}; Funnel leaves {@code tasks} out of an empty page.
   *
   * @param tasks the tasks (never null)
   * @param nextPageToken the next token, or null/empty on the last page
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ListTasksResponse(List<TesTask> tasks, String nextPageToken) {
    /** Missing tasks read as none. */
    public ListTasksResponse {
      tasks = Copies.list(tasks);
    }
  }

  /**
   * {@code tesCreateTaskResponse}.
   *
   * @param id the new task's id
   */
  public record CreateTaskResponse(String id) {}

  /**
   * The body of {@code POST /tasks}: only what a client may set (no read-only {@code id},
   * {@code state}, {@code logs}, {@code creation_time}); empty collections are left out.
   *
   * @param name the name
   * @param description the description
   * @param inputs the inputs
   * @param outputs the outputs
   * @param resources the resources
   * @param executors the executors
   * @param volumes the volumes
   * @param tags the tags
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CreateTaskBody(
      String name,
      String description,
      List<TesInput> inputs,
      List<TesOutput> outputs,
      TesResources resources,
      List<TesExecutor> executors,
      List<String> volumes,
      Map<String, String> tags) {

    /**
     * The body for a task.
     *
     * @param t the task
     * @return the body
     */
    public static CreateTaskBody of(TesTask t) {
      // TES 1.0 requires "type" on inputs and outputs; FILE is 1.1's default
      List<TesInput> in =
          t.inputs().stream()
              .map(i -> i.type() == null ? i.withType(TesFileType.FILE) : i)
              .toList();
      List<TesOutput> out =
          t.outputs().stream()
              .map(o -> o.type() == null ? o.withType(TesFileType.FILE) : o)
              .toList();
      return new CreateTaskBody(
          t.name(),
          t.description(),
          Copies.nullIfEmpty(in),
          Copies.nullIfEmpty(out),
          t.resources(),
          t.executors(),
          Copies.nullIfEmpty(t.volumes()),
          Copies.nullIfEmpty(t.tags()));
    }
  }
}
