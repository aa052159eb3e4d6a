package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made IAM policies for the {@link ProjectLayout} of an SPE project. They use IAM policy
 * variables that the store fills from the caller's OIDC token at request time:
 * {@code ${jwt:sub}} (MinIO) — for Ceph RGW and AWS pass {@code ${aws:userid}}-style variables of
 * your site via {@link #userPrivate(ProjectLayout, String)}.
 *
 * <p><b>Why {@code sub} and not {@code preferred_username}:</b> {@code sub} is assigned by the
 * identity provider, never changes and is never given to another person. A username can be
 * changed by its owner, and after an account is deleted the same name can be registered by
 * someone else, who would then inherit the previous owner's prefix and data. LS Login's
 * {@code preferred_username} is even optional. The de.NBI policies keyed by username
 * ({@link #deNbiMinioHomeByUsername(String)}) are provided for existing deployments only.
 *
 * @since 0.1.0
 */
public final class ProjectPolicies {
  /** MinIO's policy variable for the OIDC {@code sub}. */
  public static final String JWT_SUB = "${jwt:sub}";
  /** MinIO's policy variable for the OIDC {@code preferred_username}. */
  public static final String JWT_PREFERRED_USERNAME = "${jwt:preferred_username}";

  private static final String[] OBJECT_RW = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
      "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:GetObjectTagging",
      "s3:PutObjectTagging"};

  private ProjectPolicies() {}

  /**
   * Each member may read and write below {@code users/${jwt:sub}/} and list only that prefix.
   *
   * @param layout the project
   * @return the policy
   */
  public static PolicyDocument userPrivate(ProjectLayout layout) {
    return userPrivate(layout, JWT_SUB);
  }

  /**
   * Each member may read and write below {@code users/<variable>/} and list only that prefix.
   *
   * @param layout the project
   * @param userVariable the policy variable (or literal) naming the member, e.g.
   *     {@code ${jwt:sub}}
   * @return the policy
   */
  public static PolicyDocument userPrivate(ProjectLayout layout, String userVariable) {
    requireText("userVariable", userVariable);
    String home = ProjectLayout.USERS + userVariable + "/";
    return PolicyDocument.of(
        PolicyStatement.allow().sid("OwnArea").actions(OBJECT_RW)
            .objects(layout.bucket(), home + "*").build(),
        PolicyStatement.allow().sid("ListOwnArea").actions("s3:ListBucket")
            .bucket(layout.bucket())
            .condition("StringLike", "s3:prefix", home, home + "*").build(),
        PolicyStatement.allow().sid("LocateBucket").actions("s3:GetBucketLocation",
            "s3:ListBucketMultipartUploads").bucket(layout.bucket()).build());
  }

  /**
   * Read-only access to one dataset (attach to the group or entitlement that may use it).
   *
   * @param layout the project
   * @param dataset the dataset name
   * @return the policy
   */
  public static PolicyDocument datasetReadOnly(ProjectLayout layout, String dataset) {
    String p = layout.datasetPrefix(dataset);
    return PolicyDocument.of(
        PolicyStatement.allow().sid("ReadDataset").actions("s3:GetObject", "s3:GetObjectTagging")
            .objects(layout.bucket(), p + "*").build(),
        PolicyStatement.allow().sid("ListDataset").actions("s3:ListBucket")
            .bucket(layout.bucket()).condition("StringLike", "s3:prefix", p, p + "*").build());
  }

  /**
   * Read-only access to one dataset for the holders of an entitlement (MinIO: a condition on the
   * token's {@code eduperson_entitlement} claim).
   *
   * @param layout the project
   * @param dataset the dataset
   * @param entitlement the AARC-G069 entitlement, e.g.
   *     {@code urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu}
   * @return the policy
   */
  public static PolicyDocument datasetReadOnlyForEntitlement(
      ProjectLayout layout, String dataset, String entitlement) {
    requireText("entitlement", entitlement);
    List<PolicyStatement> out = new ArrayList<>();
    for (PolicyStatement s : datasetReadOnly(layout, dataset).statements()) {
      java.util.Map<String, java.util.Map<String, List<String>>> c =
          new java.util.LinkedHashMap<>(s.conditions());
      c.put("ForAnyValue:StringEquals", java.util.Map.of("jwt:eduperson_entitlement",
          List.of(entitlement)));
      out.add(new PolicyStatement(s.sid(), s.effect(), s.principals(), s.actions(), s.resources(),
          c));
    }
    return PolicyDocument.of(out);
  }

  /**
   * A member may write outputs for review below {@code outputs/${jwt:sub}/} and read them back,
   * but not delete them (the reviewers decide).
   *
   * @param layout the project
   * @return the policy
   */
  public static PolicyDocument outputsForReview(ProjectLayout layout) {
    String p = ProjectLayout.OUTPUTS + JWT_SUB + "/";
    return PolicyDocument.of(
        PolicyStatement.allow().sid("SubmitOutputs").actions("s3:PutObject", "s3:GetObject",
            "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")
            .objects(layout.bucket(), p + "*").build(),
        PolicyStatement.allow().sid("ListOwnOutputs").actions("s3:ListBucket")
            .bucket(layout.bucket()).condition("StringLike", "s3:prefix", p, p + "*").build());
  }

  /**
   * Explicitly denies listing the user areas and outputs of others (so that a broader grant
   * elsewhere cannot reveal who else works in the project, or their file names).
   *
   * @param layout the project
   * @return the policy
   */
  public static PolicyDocument denyListingOthers(ProjectLayout layout) {
    String own = ProjectLayout.USERS + JWT_SUB;
    String ownOut = ProjectLayout.OUTPUTS + JWT_SUB;
    return PolicyDocument.of(
        PolicyStatement.deny().sid("NoListingOfOtherUsers").actions("s3:ListBucket")
            .bucket(layout.bucket())
            .condition("StringLike", "s3:prefix", ProjectLayout.USERS + "*",
                ProjectLayout.OUTPUTS + "*")
            .condition("StringNotLike", "s3:prefix", own, own + "/*", ownOut, ownOut + "/*")
            .build(),
        PolicyStatement.deny().sid("NoRootListing").actions("s3:ListBucket")
            .bucket(layout.bucket())
            .condition("StringEquals", "s3:prefix", "", ProjectLayout.USERS,
                ProjectLayout.OUTPUTS).build());
  }

  /**
   * The whole member policy of a project: own area, outputs, the named datasets read-only, and
   * no listing of others.
   *
   * @param layout the project
   * @param datasets the datasets members may read
   * @return the policy
   */
  public static PolicyDocument member(ProjectLayout layout, List<String> datasets) {
    PolicyDocument p = userPrivate(layout).and(outputsForReview(layout));
    for (String d : datasets) {
      p = p.and(datasetReadOnly(layout, d));
    }
    return p.and(denyListingOthers(layout));
  }

  /**
   * The de.NBI MinIO policy that gives every user a home prefix named by
   * {@code ${jwt:preferred_username}} in a bucket. Prefer {@link #userPrivate(ProjectLayout)}.
   *
   * @param bucket the bucket
   * @return the policy
   */
  public static PolicyDocument deNbiMinioHomeByUsername(String bucket) {
    StorageClient.checkBucket(bucket);
    String home = JWT_PREFERRED_USERNAME + "/";
    return PolicyDocument.of(
        PolicyStatement.allow().actions("s3:ListBucket").bucket(bucket)
            .condition("StringLike", "s3:prefix", "", home, home + "*").build(),
        PolicyStatement.allow().actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
            .objects(bucket, home + "*").build());
  }

  /**
   * The de.NBI MinIO policy that gives a fixed list of users (by name) a home prefix each.
   *
   * @param bucket the bucket
   * @param users the users' names (prefixes)
   * @return the policy
   */
  public static PolicyDocument deNbiMinioHomesForUsers(String bucket, List<String> users) {
    StorageClient.checkBucket(bucket);
    if (users == null || users.isEmpty()) {
      throw new InvalidRequestException("users", "at least one user");
    }
    List<String> prefixes = new ArrayList<>(List.of(""));
    List<String> objects = new ArrayList<>();
    for (String u : users) {
      if (u == null || !u.matches("[\\p{Alnum}@._-]{1,128}")) {
        throw new InvalidRequestException("users", "not a valid user name: '" + u + "'");
      }
      prefixes.add(u + "/");
      prefixes.add(u + "/*");
      objects.add(u + "/*");
    }
    return PolicyDocument.of(
        PolicyStatement.allow().actions("s3:ListBucket").bucket(bucket)
            .condition("StringLike", "s3:prefix", prefixes.toArray(String[]::new)).build(),
        PolicyStatement.allow().actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
            .objects(bucket, objects.toArray(String[]::new)).build());
  }

  /**
   * A bucket policy (with principals) granting read-only access to a dataset to named
   * principals, e.g. an RGW role's or a MinIO group's ARN.
   *
   * @param layout the project
   * @param dataset the dataset
   * @param principalArns who may read
   * @return the bucket policy
   */
  public static PolicyDocument datasetBucketPolicy(
      ProjectLayout layout, String dataset, String... principalArns) {
    if (principalArns.length == 0) {
      throw new InvalidRequestException("principalArns", "at least one principal");
    }
    String p = layout.datasetPrefix(dataset);
    return PolicyDocument.of(
        PolicyStatement.allow().sid("ReadDataset").principals(principalArns)
            .actions("s3:GetObject").objects(layout.bucket(), p + "*").build(),
        PolicyStatement.allow().sid("ListDataset").principals(principalArns)
            .actions("s3:ListBucket").bucket(layout.bucket())
            .condition("StringLike", "s3:prefix", p, p + "*").build());
  }

  private static void requireText(String field, String s) {
    if (s == null || s.isBlank()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
  }
}
