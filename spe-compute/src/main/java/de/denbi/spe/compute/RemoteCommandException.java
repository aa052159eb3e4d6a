package de.denbi.spe.compute;

import de.denbi.spe.core.SpeException;
import java.io.Serial;

/**
 * A command on a remote host (over SSH) exited with a non-zero status: {@code sbatch} refused a
 * job, {@code useradd} failed. The message names the program and the host, and quotes the end
 * of its standard error; it never contains the full command line (which may carry environment
 * values).
 *
 * @since 0.1.0
 */
public class RemoteCommandException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String host;
  private final String program;
  private final int exitStatus;
  private final String stderr;

  /**
   * Creates the exception.
   *
   * @param host the host the command ran on
   * @param program what ran, e.g. {@code sbatch}
   * @param exitStatus its exit status
   * @param stderr (the end of) its standard error
   * @param advice what to do, may be empty
   */
  public RemoteCommandException(
      String host, String program, int exitStatus, String stderr, String advice) {
    super(
        program
            + " on "
            + host
            + " failed with exit status "
            + exitStatus
            + (stderr == null || stderr.isBlank() ? "" : ": " + tail(stderr.strip()))
            + (advice == null || advice.isBlank() ? "" : ". " + advice));
    this.host = host;
    this.program = program;
    this.exitStatus = exitStatus;
    this.stderr = stderr == null ? "" : stderr;
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : "..." + s.substring(s.length() - 2000);
  }

  /**
   * The host the command ran on.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * What ran.
   *
   * @return the program, e.g. {@code sbatch}
   */
  public String program() {
    return program;
  }

  /**
   * The exit status.
   *
   * @return the status
   */
  public int exitStatus() {
    return exitStatus;
  }

  /**
   * The standard error of the command.
   *
   * @return the text
   */
  public String stderr() {
    return stderr;
  }
}
