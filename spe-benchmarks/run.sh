#!/bin/sh
# Runs the spe-core vs raw OkHttp + Jackson benchmark and prints the ratio.
#
#   spe-benchmarks/run.sh              build target/benchmarks.jar if missing, run (~1 minute),
#                                      write target/jmh-result.json, print the table + ratio
#   spe-benchmarks/run.sh --build ...  rebuild the jar first (./mvnw -pl spe-benchmarks -am package)
#   spe-benchmarks/run.sh -f 3 -i 10   any JMH option is passed on
#   spe-benchmarks/run.sh --report target/jmh-result.json   only print the table of a result
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# the same JDK (>= 21) the Maven wrapper picks
. "$root/.mvn/select-jdk.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

build=0
if [ "${1-}" = "--build" ]; then build=1; shift; fi
jar=$here/target/benchmarks.jar
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl spe-benchmarks -am package -DskipTests)
fi
cd "$here"
exec "$java" -cp "$jar" de.denbi.spe.benchmarks.RunBenchmarks "$@"
