package de.denbi.spe.compute;

import java.util.Objects;

/**
 * What a remote command printed and how it ended.
 *
 * @param exitStatus the command's exit status ({@code -1} if the server sent none)
 * @param stdout its standard output, UTF-8
 * @param stderr its standard error, UTF-8
 * @since 0.1.0
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {

  /** Checks the fields. */
  public CommandResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /**
   * Whether the command exited with status 0.
   *
   * @return true on success
   */
  public boolean ok() {
    return exitStatus == 0;
  }
}
