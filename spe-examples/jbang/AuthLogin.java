///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS de.denbi.spe:spe-examples:0.1.0-SNAPSHOT
//
// JBang script for de.denbi.spe.examples.auth.AuthExample: Life Science Login from a terminal.
// Needs the SDK in the local Maven repository first: ./mvnw -q install -DskipTests
// Run: SPE_OIDC_ISSUER=https://login.aai.lifescience-ri.eu/oidc/ SPE_OIDC_CLIENT_ID=... \
//        jbang spe-examples/jbang/AuthLogin.java device|browser|whoami|token|logout|...

import de.denbi.spe.examples.auth.AuthExample;

class AuthLogin {
  public static void main(String... args) {
    System.exit(AuthExample.run(args, System.out));
  }
}
