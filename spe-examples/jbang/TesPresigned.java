///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.tes.TesPresignedExample: a TES task that reads its
// input from an S3 presigned URL and writes its output back, on one endpoint and across a
// federation. Without arguments everything runs in this JVM (S3 server + two fake TES servers
// that move the data but emulate the executor in Java).
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: jbang spe-examples/jbang/TesPresigned.java [TES_URL...]
//      (with TES URLs: SPE_S3_ENDPOINT, SPE_S3_ACCESS_KEY, SPE_S3_SECRET_KEY, SPE_TES_TOKEN)

import de.denbi.spe.examples.tes.TesPresignedExample;

class TesPresigned {
  public static void main(String... args) {
    System.exit(TesPresignedExample.run(args, System.out));
  }
}
