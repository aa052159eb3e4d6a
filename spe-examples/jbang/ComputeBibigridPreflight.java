///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.compute.BibigridPreflightExample.
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: jbang spe-examples/jbang/ComputeBibigridPreflight.java ARGS...

import de.denbi.spe.examples.compute.BibigridPreflightExample;

class ComputeBibigridPreflight {
  public static void main(String... args) {
    System.exit(BibigridPreflightExample.run(args, System.out));
  }
}
