package de.denbi.spe.compute.bibigrid;

import de.denbi.spe.core.InvalidConfigException;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A BiBiGrid configuration has problems; {@link #problems()} lists every one with its key,
 * {@link #key()} is the first.
 *
 * @since 0.1.0
 */
public class BibigridConfigurationException extends InvalidConfigException {
  @Serial private static final long serialVersionUID = 1L;

  private final transient List<BibigridConfiguration.Problem> problems;

  /**
   * Creates the exception.
   *
   * @param source where the configuration came from
   * @param problems the problems, at least one
   */
  public BibigridConfigurationException(String source, List<BibigridConfiguration.Problem> problems) {
    super(problems.getFirst().key(), problems.size() + " problem(s) in " + source + ":\n  "
        + problems.stream().map(BibigridConfiguration.Problem::toString)
            .collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem.
   *
   * @return the problems
   */
  public List<BibigridConfiguration.Problem> problems() {
    return problems;
  }
}
