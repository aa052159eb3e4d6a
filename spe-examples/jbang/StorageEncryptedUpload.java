///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.storage.EncryptedUploadExample: uploads a file encrypted with Crypt4GH for the SPE's public key and decrypts it inside the SPE (whole and a ranged read).
// Without SPE_S3_ENDPOINT everything runs in this JVM (an s3proxy is started); with it, set
// SPE_S3_ACCESS_KEY, SPE_S3_SECRET_KEY (and SPE_S3_REGION, SPE_S3_BUCKET).
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: jbang spe-examples/jbang/StorageEncryptedUpload.java [FILE [SPE_PUBLIC_KEY_FILE]]

import de.denbi.spe.examples.storage.EncryptedUploadExample;

class StorageEncryptedUpload {
  public static void main(String... args) {
    System.exit(EncryptedUploadExample.run(args, System.out));
  }
}
