package de.denbi.spe.examples.storage;

import de.denbi.spe.core.ConflictException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.storage.ObjectInfo;
import de.denbi.spe.storage.PolicyDocument;
import de.denbi.spe.storage.ProjectLayout;
import de.denbi.spe.storage.ProjectPolicies;
import de.denbi.spe.storage.ProjectSpaces;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TreeTransferResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Shares a dataset with a group: a data steward creates the project's layout, uploads a dataset
 * below {@code datasets/<name>/}, and grants the group read-only access, as a MinIO policy keyed
 * by the group's LS Login entitlement and as an S3 bucket policy for the group's role; a member
 * then lists and downloads it, verified against the recorded SHA-256.
 *
 * <pre>
 * spe-examples/run storage-share-dataset [ENTITLEMENT [ROLE_ARN]]
 * </pre>
 *
 * <p>Runs against an in-JVM s3proxy unless {@code SPE_S3_ENDPOINT} (with
 * {@code SPE_S3_ACCESS_KEY}, {@code SPE_S3_SECRET_KEY}) names a store. s3proxy stores no
 * policies: the example prints them and says so; MinIO and Ceph RGW apply the bucket policy.
 */
public final class ShareDatasetExample {
  private ShareDatasetExample() {}

  /**
   * Runs the example.
   *
   * @param args optional entitlement and role ARN of the group
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    String entitlement = args.length > 0 ? args[0]
        : "urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu";
    String roleArn = args.length > 1 ? args[1] : "arn:aws:iam:::role/spe-project-1-cohort";
    ProjectLayout project = ProjectLayout.of("spe-example-" + UUID.randomUUID().toString()
        .substring(0, 8));
    Path work = null;
    try (StorageTarget target = StorageTarget.open(out);
        StorageClient steward = target.clientBuilder().actor("data-steward").build()) {
      work = Files.createTempDirectory("spe-share-");
      // 1. the project's layout: bucket, users/, datasets/cohort/, outputs/
      ProjectSpaces.create(steward, project, List.of("cohort"));
      out.println("project bucket " + project.bucket() + " with " + project.datasetPrefix("cohort"));

      // 2. the dataset: a small tree uploaded in parallel, SHA-256 recorded per object
      Path dataset = work.resolve("cohort");
      Files.createDirectories(dataset.resolve("vcf"));
      Files.writeString(dataset.resolve("README.txt"), "cohort of 3 samples\n");
      for (String s : List.of("A", "B", "C")) {
        Files.writeString(dataset.resolve("vcf/sample-" + s + ".vcf"),
            "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\nchr1\t100\t.\tA\t" + s + "\n",
            StandardCharsets.US_ASCII);
      }
      TreeTransferResult up = steward.uploadDirectory(dataset, project.bucket(),
          project.datasetPrefix("cohort"), TransferOptions.defaults());
      out.println("uploaded " + up.files().size() + " files to s3://" + project.bucket() + "/"
          + project.datasetPrefix("cohort"));

      // 3. read-only for the group: a named policy for MinIO (matched on the entitlement in the
      //    LS Login token) and a bucket policy for the group's role (any S3 store)
      PolicyDocument minio = ProjectPolicies.datasetReadOnlyForEntitlement(project, "cohort",
          entitlement);
      out.println("MinIO policy for " + entitlement + ":\n" + minio.toJson());
      PolicyDocument bucketPolicy = ProjectPolicies.datasetBucketPolicy(project, "cohort", roleArn);
      out.println("bucket policy for " + roleArn + ":\n" + bucketPolicy.toJson());
      try {
        steward.setBucketPolicy(project.bucket(), bucketPolicy);
        out.println("bucket policy applied");
      } catch (SpeServiceException e) {
        if (!target.inJvm()) {
          throw e;
        }
        out.println("s3proxy stores no bucket policies (" + e.statusCode()
            + "); MinIO and Ceph RGW apply it");
      }

      // 4. a member of the group lists and downloads the dataset (here with the same keys; with
      //    STS credentials from the member's token the policies above are what allows it)
      try (StorageClient member = target.clientBuilder().actor("group-member").build()) {
        for (ObjectInfo o : member.list(project.bucket(), project.datasetPrefix("cohort"))) {
          out.println("  " + o.key() + " (" + o.size() + " bytes)");
        }
        TreeTransferResult down = member.downloadDirectory(project.bucket(),
            project.datasetPrefix("cohort"), work.resolve("download"), TransferOptions.defaults());
        long verified = down.files().stream().filter(r -> r.verified()).count();
        out.println("member downloaded " + down.files().size() + " files, " + verified
            + " verified against their SHA-256");
        return verified == up.files().size() ? 0 : 1;
      } finally {
        removeBucket(steward, project.bucket());
      }
    } catch (SpeException e) {
      out.println("failed: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("failed: " + e);
      return 1;
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Empties and deletes a bucket. Some stores (s3proxy's in-memory one among them) may still
   * list an object that was just deleted, so a BucketNotEmpty is answered by emptying it again,
   * with spe-core's {@link Waiter} for the pauses and the deadline.
   */
  static void removeBucket(StorageClient client, String bucket) {
    Waiter.builder("bucket " + bucket + " to be emptied and removed", () -> {
      client.deletePrefix(bucket, "");
      try {
        client.deleteBucket(bucket);
        return true;
      } catch (ConflictException notEmptyYet) {
        return false;
      }
    }).until(Boolean::booleanValue)
        .config(WaiterConfig.defaults().withTimeout(Duration.ofSeconds(10))
            .withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .build().await();
  }

  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory of a demo
    }
  }

  /**
   * Entry point.
   *
   * @param args optional entitlement and role ARN
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
