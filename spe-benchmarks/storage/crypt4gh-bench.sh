#!/bin/sh
# Crypt4GH encrypt/decrypt throughput of the SDK on one core (JMH, Crypt4ghBenchmark: 64 MiB
# through the SDK's streams, 64 KiB segments) next to OpenSSL's ChaCha20-Poly1305 on one core
# (`openssl speed -evp chacha20-poly1305 -bytes 65536`, one process, encrypt and -decrypt), in
# one run, and the ratio SDK / OpenSSL (target >= 0.7).
#
#   spe-benchmarks/storage/crypt4gh-bench.sh             build the jar if missing, run (~1.5 min)
#   spe-benchmarks/storage/crypt4gh-bench.sh --build     rebuild the jar first
#   SECONDS_OPENSSL=3 ... JMH_OPTS="-wi 3 -i 5"           tune the run
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bench=$(cd "$here/.." && pwd)
root=$(cd "$bench/.." && pwd)
. "$root/.mvn/select-jdk.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=$bench/target/benchmarks.jar
if [ "${1-}" = "--build" ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl spe-benchmarks -am package -DskipTests)
fi
command -v openssl >/dev/null || { echo "openssl is missing (apt-get install openssl)" >&2; exit 1; }
secs=${SECONDS_OPENSSL:-3}
out=$bench/target/jmh-crypt4gh.json

echo "== JDK: $("$java" -version 2>&1 | head -1); $(openssl version)"
# shellcheck disable=SC2086
"$java" -jar "$jar" 'storage.Crypt4ghBenchmark' ${JMH_OPTS:-} -rf json -rff "$out" >"$bench/target/jmh-crypt4gh.log" 2>&1 \
  || { tail -30 "$bench/target/jmh-crypt4gh.log"; exit 1; }

# OpenSSL prints thousands of bytes per second; -bytes 65536 = one Crypt4GH segment
ossl() {
  openssl speed "$@" -evp chacha20-poly1305 -bytes 65536 -seconds "$secs" 2>/dev/null \
    | awk '/^[Cc]ha[Cc]ha20-[Pp]oly1305/ {v=$NF; sub(/k$/, "", v); print v * 1000 / 1e6}'
}
ossl_enc=$(ossl)
ossl_dec=$(ossl -decrypt)

python3 - "$out" "$ossl_enc" "$ossl_dec" <<'PY'
import json, sys
res = {}
for r in json.load(open(sys.argv[1])):
    res[(r["benchmark"].rsplit(".", 1)[1], r["params"].get("source", "memory"))] = r
ossl = {"encrypt": float(sys.argv[2]), "decrypt": float(sys.argv[3])}
def mbs(r, score):
    return int(r["params"]["size"]) / (score / 1000) / 1e6
print("MB/s on one core; source: memory = a 64 MiB array, hot = a 1 MiB block again and again"
      " (cache-resident, like openssl speed's one 64 KiB buffer)")
print("%-8s %-7s %18s %13s %7s %s" % ("", "source", "SDK Crypt4GH", "OpenSSL", "ratio", "target"))
for op in ("encrypt", "decrypt"):
    for src in ("memory", "hot"):
        r = res.get((op, src))
        if r is None:
            continue
        m = r["primaryMetric"]
        v, lo = mbs(r, m["score"]), mbs(r, m["score"] + m["scoreError"])
        ratio = v / ossl[op]
        print("%-8s %-7s %9.0f (>= %4.0f) %13.0f %7.2f %s" % (op, src, v, lo, ossl[op], ratio,
              ">= 0.70 met" if ratio >= 0.7 else ">= 0.70 NOT met"))
for src in ("memory", "hot"):
    r = res.get(("jdkCipherOnly", src))
    if r is not None:
        v = mbs(r, r["primaryMetric"]["score"])
        print("%-8s %-7s %18.0f %13.0f %7.2f %s" % ("JDK only", src, v, ossl["encrypt"],
              v / ossl["encrypt"], "(the JDK's cipher alone, no Crypt4GH: the ceiling for the SDK)"))
PY
