///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.storage.ResumeUploadExample: an upload cut by a network failure is resumed, sending only the missing parts.
// Without SPE_S3_ENDPOINT everything runs in this JVM (an s3proxy is started); with it, set
// SPE_S3_ACCESS_KEY, SPE_S3_SECRET_KEY (and SPE_S3_REGION, SPE_S3_BUCKET).
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: jbang spe-examples/jbang/StorageResumeUpload.java [FILE]

import de.denbi.spe.examples.storage.ResumeUploadExample;

class StorageResumeUpload {
  public static void main(String... args) {
    System.exit(ResumeUploadExample.run(args, System.out));
  }
}
