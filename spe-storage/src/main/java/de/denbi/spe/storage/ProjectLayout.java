package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.util.Locale;

/**
 * Where an SPE project's data lives in S3: one bucket per project, and in it
 * <ul>
 *   <li>{@code users/<sub>/}: each member's private area, keyed by the stable OIDC {@code sub}
 *       (never by {@code preferred_username}, which a user can change and another user can later
 *       take over);</li>
 *   <li>{@code datasets/<name>/}: shared datasets, read-only for the project's members;</li>
 *   <li>{@code outputs/<sub>/}: results a member wants to take out of the SPE, for review before
 *       release (the airlock).</li>
 * </ul>
 *
 * @param projectId the project's id (e.g. the LS Login group name {@code spe-project-1})
 * @param bucket the bucket name
 * @since 0.1.0
 */
public record ProjectLayout(String projectId, String bucket) {
  /** Prefix of the per-user areas. */
  public static final String USERS = "users/";
  /** Prefix of the shared datasets. */
  public static final String DATASETS = "datasets/";
  /** Prefix of the outputs awaiting review. */
  public static final String OUTPUTS = "outputs/";

  /** Checks the names. */
  public ProjectLayout {
    if (projectId == null || !projectId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new InvalidRequestException("projectId", "must be 1-63 letters, digits, '.', '_'"
          + " or '-', was '" + projectId + "'");
    }
    StorageClient.checkBucket(bucket);
  }

  /**
   * The layout of a project in a bucket named after it ({@code <projectId>}, lower-cased,
   * {@code _} as {@code -}).
   *
   * @param projectId the project id
   * @return the layout
   */
  public static ProjectLayout of(String projectId) {
    String b = projectId == null ? null : projectId.toLowerCase(Locale.ROOT).replace('_', '-');
    return new ProjectLayout(projectId, b != null && b.length() < 3 ? "spe-" + b : b);
  }

  /**
   * A member's private prefix.
   *
   * @param sub the member's OIDC {@code sub}
   * @return {@code users/<sub>/}
   */
  public String userPrefix(String sub) {
    return USERS + segment("sub", sub) + "/";
  }

  /**
   * A dataset's prefix.
   *
   * @param name the dataset name
   * @return {@code datasets/<name>/}
   */
  public String datasetPrefix(String name) {
    return DATASETS + segment("dataset", name) + "/";
  }

  /**
   * A member's outputs prefix.
   *
   * @param sub the member's OIDC {@code sub}
   * @return {@code outputs/<sub>/}
   */
  public String outputPrefix(String sub) {
    return OUTPUTS + segment("sub", sub) + "/";
  }

  private static String segment(String field, String s) {
    if (s == null || s.isEmpty() || s.contains("/") || s.equals("..") || s.equals(".")
        || !s.matches("[\\p{Alnum}@._:+=-]{1,200}")) {
      throw new InvalidRequestException(field, "must be one path segment of letters, digits"
          + " and @._:+=-, was '" + s + "'");
    }
    return s;
  }
}
