package de.denbi.spe.storage;

import java.util.List;
import java.util.Objects;

/**
 * Creates the {@link ProjectLayout} of a project in a store: the bucket, an empty marker for
 * each area so that browsers show them, and optionally the project's member policy as a named
 * policy through a {@link StorageAdmin}.
 *
 * @since 0.1.0
 */
public final class ProjectSpaces {
  private ProjectSpaces() {}

  /**
   * Creates the bucket and the areas (idempotent).
   *
   * @param client a client with rights to create buckets
   * @param layout the project
   * @param datasets dataset names to create prefixes for
   * @return true if the bucket was created now
   */
  public static boolean create(StorageClient client, ProjectLayout layout, List<String> datasets) {
    Objects.requireNonNull(client, "client");
    boolean created = client.createBucketIfMissing(layout.bucket());
    byte[] none = new byte[0];
    for (String area : List.of(ProjectLayout.USERS, ProjectLayout.DATASETS,
        ProjectLayout.OUTPUTS)) {
      if (!client.exists(layout.bucket(), area)) {
        client.putObject(layout.bucket(), area, none);
      }
    }
    for (String d : datasets) {
      String p = layout.datasetPrefix(d);
      if (!client.exists(layout.bucket(), p)) {
        client.putObject(layout.bucket(), p, none);
      }
    }
    return created;
  }

  /**
   * Creates the areas and stores the member policy ({@link ProjectPolicies#member}) under the
   * name {@code <projectId>-member}, plus one {@code <projectId>-dataset-<name>} read-only
   * policy per dataset, for groups that may read only some datasets.
   *
   * @param client a client with rights to create buckets
   * @param admin the store's administration
   * @param layout the project
   * @param datasets the datasets
   * @return the name of the member policy
   */
  public static String createWithPolicies(
      StorageClient client, StorageAdmin admin, ProjectLayout layout, List<String> datasets) {
    create(client, layout, datasets);
    String member = layout.projectId() + "-member";
    admin.putPolicy(member, ProjectPolicies.member(layout, datasets));
    for (String d : datasets) {
      admin.putPolicy(layout.projectId() + "-dataset-" + d,
          ProjectPolicies.datasetReadOnly(layout, d));
    }
    return member;
  }
}
