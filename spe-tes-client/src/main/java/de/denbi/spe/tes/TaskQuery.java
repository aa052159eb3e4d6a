package de.denbi.spe.tes;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.tes.internal.Copies;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which tasks to list and how much of each: {@code name_prefix}, {@code state} and paired
 * {@code tag_key}/{@code tag_value} filters (TES 1.1), the view and the page size.
 *
 * <p>A tag filter with an empty value matches any value of that key. TES 1.0 servers (and
 * TESK) do not filter by state or tag: the client then filters the returned tasks itself, which
 * for tags needs a view that includes them ({@link TesView#BASIC} or {@link TesView#FULL}).
 *
 * @param namePrefix only tasks whose name starts with this, or null
 * @param state only tasks in this state, or null
 * @param tags tag filters, key to value ({@code ""} for any value); never null
 * @param view how much of each task to return (never null)
 * @param pageSize tasks per page (1 to 2047), or null for the server's default
 * @since 0.1.0
 */
public record TaskQuery(
    String namePrefix, TesState state, Map<String, String> tags, TesView view, Integer pageSize) {

  /** Checks the values. */
  public TaskQuery {
    tags = Copies.map(tags);
    view = view == null ? TesView.MINIMAL : view;
    if (pageSize != null && (pageSize < 1 || pageSize >= 2048)) {
      throw new InvalidRequestException("page_size", "must be between 1 and 2047, was " + pageSize);
    }
    if (state == TesState.UNKNOWN) {
      throw new InvalidRequestException("state", "UNKNOWN is not a filter; leave the state unset");
    }
    for (String k : tags.keySet()) {
      if (k.isBlank()) {
        throw new InvalidRequestException("tag_key", "must not be blank");
      }
    }
  }

  /**
   * All tasks, {@link TesView#MINIMAL}, the server's page size.
   *
   * @return the query
   */
  public static TaskQuery all() {
    return new TaskQuery(null, null, Map.of(), TesView.MINIMAL, null);
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a task matches the filters, as far as the task shows the fields (a MINIMAL task has
   * no name or tags: those filters are then not checked).
   *
   * @param task the task
   * @return false if the task shows a field that does not match
   */
  public boolean matches(TesTask task) {
    if (state != null && task.state() != state) {
      return false;
    }
    boolean detailed = view != TesView.MINIMAL;
    if (namePrefix != null && detailed && (task.name() == null || !task.name().startsWith(namePrefix))) {
      return false;
    }
    if (!tags.isEmpty() && detailed) {
      for (Map.Entry<String, String> f : tags.entrySet()) {
        String v = task.tags().get(f.getKey());
        if (v == null || (!f.getValue().isEmpty() && !f.getValue().equals(v))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Builds a {@link TaskQuery}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String namePrefix;
    private TesState state;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private TesView view = TesView.MINIMAL;
    private Integer pageSize;

    private Builder() {}

    /**
     * Only tasks whose name starts with this.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder namePrefix(String prefix) {
      this.namePrefix = prefix;
      return this;
    }

    /**
     * Only tasks in this state.
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(TesState state) {
      this.state = state;
      return this;
    }

    /**
     * Only tasks with this tag and value.
     *
     * @param key the tag key
     * @param value the value, or {@code ""} for any value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags.put(Objects.requireNonNull(key, "key"), value == null ? "" : value);
      return this;
    }

    /**
     * How much of each task to return (default {@link TesView#MINIMAL}).
     *
     * @param view the view
     * @return this builder
     */
    public Builder view(TesView view) {
      this.view = Objects.requireNonNull(view, "view");
      return this;
    }

    /**
     * Tasks per page.
     *
     * @param size 1 to 2047
     * @return this builder
     */
    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public TaskQuery build() {
      return new TaskQuery(namePrefix, state, tags, view, pageSize);
    }
  }
}
