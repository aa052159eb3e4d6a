#!/usr/bin/env bash
# Whole-process transfer benchmark against the local Ceph RGW: the SDK (spe-storage, one child
# JVM per transfer with -Xmx128m) vs rclone vs the AWS CLI, side by side in one run, on the same
# files: one large file (SIZE_MIB, default 2048 = 2 GiB) and SMALL_COUNT x 1 MiB files (default
# 1,000), each uploaded and downloaded REPEAT times (default 3) per tool, the tools interleaved
# within each operation. Prints the median throughput per tool and operation, every run, the
# ratios the issue names as targets, the CPU-seconds of each tool and of the local store's daemons
# per transfer with the CPU a tool may use at each target's rate (the store shares the cores), and
# the SDK's peak heap.
#
#   spe-benchmarks/storage/transfer-bench.sh                  2 GiB + 1,000 x 1 MiB
#   SIZE_MIB=512 spe-benchmarks/storage/transfer-bench.sh     a smaller large file
#   TOOLS="sdk rclone" ...                                    a subset of the tools
#   REPEAT=5 ...                                              more runs per tool and operation
#   WARMUP=2 ...                                              transfers before sdkwarm's timed one
#
# Tools: sdk (TransferMain, one JVM per transfer, timed as a whole process like the peers: the
# targets are judged on it), sdkwarm (the same, but timed by TransferMain after WARMUP, default 1,
# equal transfers in the same JVM: the SDK as a library in a running application), rclone, aws.
#
# Needs: the Ceph RGW of scripts/services (env file .spe-local/ceph/env.sh, or SPE_CEPH_ENV), the
# benchmarks jar (built when missing), rclone and the AWS CLI (installed from Debian's packages
# rclone and awscli with apt-get when missing). The buckets and local files are removed at the
# end. Every download is compared with its source (outside the timing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bench=$(cd "$here/.." && pwd)
root=$(cd "$bench/.." && pwd)
SIZE_MIB=${SIZE_MIB:-2048}
SMALL_COUNT=${SMALL_COUNT:-1000}
TOOLS=${TOOLS:-"sdk sdkwarm rclone aws"}
HEAP=${SDK_HEAP:-128m}
env_file=${SPE_CEPH_ENV:-$root/.spe-local/ceph/env.sh}
[ -f "$env_file" ] || { echo "no $env_file: start the RGW with scripts/services up ceph" >&2; exit 1; }
# shellcheck disable=SC1090
. "$env_file"
. "$root/.mvn/select-jdk.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=$bench/target/benchmarks.jar
if [ "${1-}" = "--build" ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl spe-benchmarks -am package -DskipTests)
fi

need_apt=()
command -v rclone >/dev/null || need_apt+=(rclone)
command -v aws >/dev/null || need_apt+=(awscli)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (Debian packages)"
  apt-get install -y -q "${need_apt[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q "${need_apt[@]}" >/dev/null; }
fi

# the tools' configuration, all from the RGW's env file
export RCLONE_CONFIG_SPEBENCH_TYPE=s3 RCLONE_CONFIG_SPEBENCH_PROVIDER=Ceph
export RCLONE_CONFIG_SPEBENCH_ENDPOINT=$SPE_S3_ENDPOINT RCLONE_CONFIG_SPEBENCH_REGION=$SPE_S3_REGION
export RCLONE_CONFIG_SPEBENCH_ACCESS_KEY_ID=$SPE_S3_ACCESS_KEY
export RCLONE_CONFIG_SPEBENCH_SECRET_ACCESS_KEY=$SPE_S3_SECRET_KEY
export AWS_ACCESS_KEY_ID=$SPE_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SPE_S3_SECRET_KEY
export AWS_DEFAULT_REGION=$SPE_S3_REGION AWS_EC2_METADATA_DISABLED=true
# the endpoint is plain HTTP: a CA bundle from the caller's environment would only confuse rclone
unset AWS_CA_BUNDLE
awsc() { aws --endpoint-url "$SPE_S3_ENDPOINT" "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/spe-transfer-bench.XXXXXX")
buckets=()
# frees what deleted objects held (the local RGW's admin tool; skipped for other stores)
reclaim() {
  if [ -n "${SPE_CEPH_CONF:-}" ] && command -v radosgw-admin >/dev/null; then
    radosgw-admin -c "$SPE_CEPH_CONF" gc process --include-all >/dev/null 2>&1 || true
  fi
}

cleanup() {
  for b in "${buckets[@]}"; do awsc s3 rb "s3://$b" --force >/dev/null 2>&1 || true; done
  reclaim
  rm -rf "$work"
}
trap cleanup EXIT

echo "== $(date -u +%FT%TZ) RGW $SPE_S3_ENDPOINT; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $("$java" -version 2>&1 | head -1); $(rclone version | head -1); $(aws --version 2>&1)"
echo "== making ${SIZE_MIB} MiB + ${SMALL_COUNT} x 1 MiB of random data in $work"
head -c "$((SIZE_MIB * 1048576))" /dev/urandom >"$work/big.bin"
mkdir -p "$work/small"
for i in $(seq -w 1 "$SMALL_COUNT"); do head -c 1048576 /dev/urandom >"$work/small/f$i.bin"; done
big_bytes=$((SIZE_MIB * 1048576))
small_bytes=$((SMALL_COUNT * 1048576))

results=$work/results.txt
: >"$results"
now() { date +%s.%N; }
# record TOOL OP BYTES START END CLIENT_CPU STORE_CPU
record() { awk -v t="$1" -v o="$2" -v b="$3" -v s="$4" -v e="$5" -v c="$6" -v st="$7" \
  'BEGIN { d = e - s; printf "%s %s %d %.3f %.1f %s %s\n", t, o, b, d, b / d / 1e6, c, st }' \
  >>"$results"; }
# CPU-seconds (user + system) of the tools this shell has run and waited for so far, into
# $cpu_now (`times` must run in this shell, not in a subshell of a command substitution)
child_cpu() {
  times >"$work/times"
  cpu_now=$(awk 'function sec(x, m) {
      m = x; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); return m * 60 + x }
    NR == 2 { printf "%.2f", sec($1) + sec($2) }' "$work/times")
}
# CPU-seconds of the store's daemons (the local Ceph's mon, OSD and RGW), "-" for another store:
# they share the machine's cores with the tool under test
store_pids=()
if [ -n "${SPE_CEPH_CONF:-}" ]; then
  for f in "$(dirname "$SPE_CEPH_CONF")"/run/*.pid; do
    [ -f "$f" ] && store_pids+=("$(cat "$f")")
  done
fi
# one small script that prints the daemons' CPU-seconds so far (utime and stime, fields 14 and
# 15 of /proc/PID/stat; their names, field 2, have no spaces): run here around every step, and
# by the sdkwarm process between its warm-up and its timed transfer
store_cpu_sh=$work/store-cpu.sh
cat >"$store_cpu_sh" <<EOF
for p in ${store_pids[*]}; do cut -d' ' -f14,15 "/proc/\$p/stat"; done \\
  | awk -v hz=$(getconf CLK_TCK) '{ t += \$1 + \$2 } END { printf "%.2f", t / hz }'
EOF
store_cpu() {
  [ ${#store_pids[@]} -gt 0 ] || { echo -; return; }
  sh "$store_cpu_sh"
}

after_warmup="sync"
if [ -n "${SPE_CEPH_CONF:-}" ] && command -v ceph >/dev/null; then
  after_warmup="radosgw-admin -c '$SPE_CEPH_CONF' gc process --include-all >/dev/null 2>&1;"
  after_warmup+=" ceph -c '$SPE_CEPH_CONF' tell osd.0 cache drop >/dev/null 2>&1; sync"
fi
# and the store's CPU time so far, for the timed transfer's share
if [ ${#store_pids[@]} -gt 0 ]; then
  after_warmup+="; sh '$store_cpu_sh' >'$work/sdkwarm.store0'"
fi
sdk() { "$java" -Xmx"$HEAP" -cp "$jar" de.denbi.spe.benchmarks.storage.TransferMain "$@"; }
# the SDK in a JVM that has run the same transfer WARMUP times already (a notebook, a service):
# the time is TransferMain's own measurement of the last transfer, not the process's
sdkwarm() {
  local op=$1 dl=$2 bucket=$3 args
  case $op in
    up-big) args=(up-file "$work/big.bin" "$bucket" big.bin) ;;
    down-big) args=(down-file "$dl/big.bin" "$bucket" big.bin) ;;
    up-small) args=(up-dir "$work/small" "$bucket" small/) ;;
    down-small) args=(down-dir "$dl/small" "$bucket" small/) ;;
  esac
  # between the warm-up and the timed transfer: what every other step gets before it (sync), the
  # warm-up's deleted upload reclaimed, and the OSD's cache dropped, so that the timed download
  # does not find the object the warm-up just read in the store's cache
  SPE_BENCH_WARMUP=${WARMUP:-1} SPE_BENCH_AFTER_WARMUP="$after_warmup" \
    sdk "${args[@]}" | tee -a "$work/sdkwarm.txt" | tail -1 >"$work/sdkwarm.last"
}

# buckets and download directories per tool
for tool in $TOOLS; do
  bucket="spe-bench-$tool-$$"
  buckets+=("$bucket")
  case $tool in
    sdk | sdkwarm) : ;; # TransferMain creates its bucket
    rclone) rclone mkdir "spebench:$bucket" ;;
    aws) awsc s3 mb "s3://$bucket" >/dev/null ;;
  esac
done

# before a timed step, not in its time: a download goes to a fresh directory (removing the
# previous run's 2 GiB or 1,000 files is the file system's work, and the sdkwarm column, timed
# inside its process, would not pay for it)
prepare() {
  local dl=$work/dl-$1
  case $2 in
    down-big) rm -f "$dl/big.bin"; mkdir -p "$dl" ;;
    down-small) rm -rf "$dl/small"; mkdir -p "$dl" ;;
  esac
}

# one timed step: TOOL OP
step() {
  local tool=$1 op=$2 bucket="spe-bench-$1-$$" dl=$work/dl-$1
  case $tool/$op in
    sdk/up-big) sdk up-file "$work/big.bin" "$bucket" big.bin >>"$work/sdk.txt" ;;
    sdk/down-big) sdk down-file "$dl/big.bin" "$bucket" big.bin >>"$work/sdk.txt" ;;
    sdk/up-small) sdk up-dir "$work/small" "$bucket" small/ >>"$work/sdk.txt" ;;
    sdk/down-small) sdk down-dir "$dl/small" "$bucket" small/ >>"$work/sdk.txt" ;;
    sdkwarm/*) sdkwarm "$op" "$dl" "$bucket" ;;
    rclone/up-big) rclone copyto "$work/big.bin" "spebench:$bucket/big.bin" ;;
    rclone/down-big) rclone copyto "spebench:$bucket/big.bin" "$dl/big.bin" ;;
    rclone/up-small) rclone copy "$work/small" "spebench:$bucket/small" ;;
    rclone/down-small) rclone copy "spebench:$bucket/small" "$dl/small" ;;
    aws/up-big) awsc s3 cp --only-show-errors "$work/big.bin" "s3://$bucket/big.bin" ;;
    aws/down-big) awsc s3 cp --only-show-errors "s3://$bucket/big.bin" "$dl/big.bin" ;;
    aws/up-small) awsc s3 cp --only-show-errors --recursive "$work/small" "s3://$bucket/small/" ;;
    aws/down-small) awsc s3 cp --only-show-errors --recursive "s3://$bucket/small/" "$dl/small" ;;
  esac
}

# Each operation runs REPEAT times for every tool, the tools interleaved (the order rotates
# every repetition) so that all see the same state of the machine; `sync` before each timed
# step writes back the previous step's dirty pages, which would otherwise slow whoever comes
# next. The table reports the median run.
REPEAT=${REPEAT:-3}
read -r -a tools_arr <<<"$TOOLS"
for op in up-big down-big up-small down-small; do
  case $op in *big) bytes=$big_bytes ;; *) bytes=$small_bytes ;; esac
  for rep in $(seq 1 "$REPEAT"); do
    n=${#tools_arr[@]}
    for k in $(seq 0 $((n - 1))); do
      tool=${tools_arr[$(((k + rep) % n))]}
      # a repeated upload starts from an empty prefix (rclone would skip unchanged files), and
      # the deleted data is reclaimed at once: RGW's garbage collection would otherwise keep it
      # for a while, and the repetitions could fill the local OSD
      if [ "$rep" -gt 1 ]; then
        case $op in
          up-big) awsc s3 rm --only-show-errors "s3://spe-bench-$tool-$$/big.bin" >/dev/null 2>&1 || true ;;
          up-small) awsc s3 rm --only-show-errors --recursive "s3://spe-bench-$tool-$$/small/" >/dev/null 2>&1 || true ;;
        esac
        case $op in up-*) reclaim ;; esac
      fi
      prepare "$tool" "$op"
      sync
      child_cpu
      c0=$cpu_now
      s0=$(store_cpu)
      t0=$(now)
      step "$tool" "$op" 2> >(grep -v "NOTICE: Config file" >&2)
      t1=$(now)
      s1=$(store_cpu)
      child_cpu
      cpu=$(awk -v a="$c0" -v b="$cpu_now" 'BEGIN { printf "%.2f", b - a }')
      scpu=-
      [ "$s0" = - ] || scpu=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')
      if [ "$tool" = sdkwarm ]; then
        # the process also ran the warm-up: its own and the store's CPU of the timed transfer
        t0=0
        t1=$(awk '{print $5}' "$work/sdkwarm.last")
        cpu=$(awk '{ print ($8 >= 0 ? $8 : "-") }' "$work/sdkwarm.last")
        scpu=-
        if [ -f "$work/sdkwarm.store0" ]; then
          scpu=$(awk -v a="$(cat "$work/sdkwarm.store0")" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')
          rm -f "$work/sdkwarm.store0"
        fi
      fi
      record "$tool" "$op" "$bytes" "$t0" "$t1" "$cpu" "$scpu"
      printf '   %-10s %-7s run %d %7.1f s\n' "$op" "$tool" "$rep" "$(awk -v s="$t0" -v e="$t1" 'BEGIN{print e-s}')"
    done
  done
done
# every download equals its source (not timed)
for tool in $TOOLS; do
  cmp "$work/big.bin" "$work/dl-$tool/big.bin"
  diff -rq "$work/small" "$work/dl-$tool/small" >/dev/null || { echo "$tool: small files differ" >&2; exit 1; }
done
echo "== every tool's downloads equal the sources"

python3 - "$results" "$work/sdk.txt" "$SIZE_MIB" "$SMALL_COUNT" "$HEAP" "$(nproc)" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
runs = {}
for t, o, b, s, r, c, st in rows:
    runs.setdefault((t, o), []).append((float(s), float(r), c, st))
def median_run(v):
    v = sorted(v)
    return v[len(v) // 2]
mbs = {k: median_run(v)[1] for k, v in runs.items()}
secs = {k: median_run(v)[0] for k, v in runs.items()}
allruns = {k: " ".join("%.0f" % x[1] for x in sorted(v)) for k, v in runs.items()}
tools = [t for t in ("sdk", "sdkwarm", "rclone", "aws") if any(k[0] == t for k in mbs)]
ops = ["up-big", "down-big", "up-small", "down-small"]
print("\nthroughput MB/s, median of the runs (whole process, seconds in brackets); large file"
      " %s MiB, %s x 1 MiB" % (sys.argv[3], sys.argv[4]))
print("%-11s" % "" + "".join("%18s" % t for t in tools))
for o in ops:
    print("%-11s" % o + "".join("%18s" % ("%.1f (%.1f s)" % (mbs[(t, o)], secs[(t, o)]))
                                 if (t, o) in mbs else "%18s" % "-" for t in tools))
print("all runs, MB/s, fastest first:")
for o in ops:
    print("  %-11s" % o + "; ".join("%s %s" % (t, allruns[(t, o)]) for t in tools if (t, o) in allruns))
def ratio(op, peers, target, sdk="sdk"):
    if (sdk, op) not in mbs:
        return
    have = [p for p in peers if (p, op) in mbs]
    if not have:
        return
    best = max(have, key=lambda p: mbs[(p, op)])
    r = mbs[(sdk, op)] / mbs[(best, op)]
    print("  %-11s %-7s / %-6s = %.2f   target >= %.1f: %s" % (op, sdk, best, r, target,
          "met" if r >= target else "NOT met"))
print("\nratios (the targets are judged on sdk: one process per transfer, like the peers)")
for sdk in ("sdk", "sdkwarm"):
    for op in ("up-small", "down-small"):
        ratio(op, ["rclone"], 1.3, sdk)
    for op in ("up-big", "down-big"):
        ratio(op, ["rclone", "aws"], 1.0, sdk)
# CPU: the tool's own (user + system, its whole process) and the store's daemons' in the same
# run; on a machine the store shares, a target rate leaves the client only what the store does
# not need of the cores for the target's time
cores = int(sys.argv[6])
def cpu(t, o, i):
    v = [float(x[i]) for x in runs.get((t, o), []) if x[i] != "-"]
    return sorted(v)[len(v) // 2] if v else None
print("\nCPU-seconds per transfer, median of the runs: the tool's / the store's daemons' (sdkwarm:"
      " the timed transfer only)")
print("%-11s" % "" + "".join("%18s" % t for t in tools))
for o in ops:
    cells = []
    for t in tools:
        c, st = cpu(t, o, 2), cpu(t, o, 3)
        cells.append("%18s" % ("-" if c is None else "%.1f / %s" % (c, "-" if st is None
                                                                    else "%.1f" % st)))
    print("%-11s" % o + "".join(cells))
print("CPU left for the client at the target rate (%d cores x the target's time - the store's"
      " median CPU for the operation):" % cores)
for o, peers, target in (("up-small", ["rclone"], 1.3), ("down-small", ["rclone"], 1.3),
                         ("up-big", ["rclone", "aws"], 1.0), ("down-big", ["rclone", "aws"], 1.0)):
    have = [p for p in peers if (p, o) in secs]
    stores = sorted(x for x in (cpu(t, o, 3) for t in tools) if x is not None)
    if not have or not stores:
        continue
    best = max(have, key=lambda p: mbs[(p, o)])
    t_target = secs[(best, o)] / target
    left = cores * t_target - stores[len(stores) // 2]
    used = ", ".join("%s %.1f" % (t, cpu(t, o, 2)) for t in tools if cpu(t, o, 2) is not None)
    print("  %-11s %.2f s (%.1f x %s): %.1f CPU-s left; used: %s" % (o, t_target, target, best,
                                                                   left, used))
try:
    sdk = [l.split() for l in open(sys.argv[2]) if l.startswith("sdk ")]
    # sampled: the most heap in use (live data and garbage not yet collected) seen every 10 ms;
    # pools: the sum of each heap pool's own peak, an upper bound (the pools peak at different times)
    print("\nSDK heap in use, peak (-Xmx%s): " % sys.argv[5] + ", ".join(
        "%s %s MiB (sum of pool peaks %s MiB)" % (r[1], r[6], r[5]) for r in sdk))
    big = [float(r[6]) for r in sdk if r[1].endswith("file")]
    if big:
        print("  large file: %.1f MiB, target <= 128 MiB: %s (the transfer ran in a -Xmx%s JVM)"
              % (max(big), "met" if max(big) <= 128 else "NOT met", sys.argv[5]))
except FileNotFoundError:
    pass
PY
