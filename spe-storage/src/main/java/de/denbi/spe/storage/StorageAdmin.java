package de.denbi.spe.storage;

import java.util.List;
import java.util.Map;

/**
 * Store administration beyond S3 (which has no users, groups or named policies): implemented for
 * MinIO by {@link MinioAdminClient}; a site with another store (Ceph RGW roles, an IAM API)
 * implements it itself. Bucket policies are plain S3: {@link StorageClient#setBucketPolicy}.
 *
 * @since 0.1.0
 */
public interface StorageAdmin {

  /**
   * Creates or replaces a named policy.
   *
   * @param name the policy name
   * @param policy the policy
   */
  void putPolicy(String name, PolicyDocument policy);

  /**
   * Deletes a named policy.
   *
   * @param name the policy name
   */
  void deletePolicy(String name);

  /**
   * The named policies.
   *
   * @return name to policy
   */
  Map<String, PolicyDocument> listPolicies();

  /**
   * Adds members to a group (creating it when needed).
   *
   * @param group the group
   * @param members user names or access keys
   */
  void addGroupMembers(String group, List<String> members);

  /**
   * Removes members from a group.
   *
   * @param group the group
   * @param members the members
   */
  void removeGroupMembers(String group, List<String> members);

  /**
   * Attaches named policies to a user.
   *
   * @param user the user
   * @param policies the policy names
   */
  void attachPoliciesToUser(String user, List<String> policies);

  /**
   * Attaches named policies to a group.
   *
   * @param group the group
   * @param policies the policy names
   */
  void attachPoliciesToGroup(String group, List<String> policies);

  /**
   * Creates a local user, enabled, or gives an existing one a new secret key. Researchers who
   * sign in with LS Login need no local user (their policies come from their token or a
   * RolePolicy); local users are for services and automation.
   *
   * @param accessKey the user's access key
   * @param secretKey the secret key (never logged, audited or echoed in errors)
   */
  void createUser(String accessKey, String secretKey);

  /**
   * Removes a local user.
   *
   * @param accessKey the user's access key
   */
  void removeUser(String accessKey);

  /**
   * Enables or disables a local user (a disabled user's requests are refused).
   *
   * @param accessKey the user's access key
   * @param enabled true to enable
   */
  void setUserEnabled(String accessKey, boolean enabled);
}
