///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.wes.WesRunExample: submit the Snakemake tutorial to a
// WESkit URL with its files attached and parameters, wait, print the log.
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: SPE_TOKEN=eyJ... jbang spe-examples/jbang/WesRun.java https://weskit.example.org/ga4gh/wes/v1 snakemake-tutorial samples=A,B

import de.denbi.spe.examples.wes.WesRunExample;

class WesRun {
  public static void main(String... args) {
    System.exit(WesRunExample.run(args, System.out));
  }
}
