///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.storage.ShareDatasetExample: shares a dataset with a group (layout, upload, read-only policies for the group, a member's verified download).
// Without SPE_S3_ENDPOINT everything runs in this JVM (an s3proxy is started); with it, set
// SPE_S3_ACCESS_KEY, SPE_S3_SECRET_KEY (and SPE_S3_REGION, SPE_S3_BUCKET).
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: jbang spe-examples/jbang/StorageShareDataset.java [ENTITLEMENT [ROLE_ARN]]

import de.denbi.spe.examples.storage.ShareDatasetExample;

class StorageShareDataset {
  public static void main(String... args) {
    System.exit(ShareDatasetExample.run(args, System.out));
  }
}
