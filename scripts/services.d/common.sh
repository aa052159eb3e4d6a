# shellcheck shell=bash
# Helpers shared by the local service scripts. Source it, do not run it:
#   SVC=slurm; . "$(dirname "$0")/../common.sh"; spe_init
#
# Conventions used by every service folder:
#   SPE_LOCAL_DIR       base directory for state, logs, pid files, keys
#                       (default: <repository root>/.spe-local, found from this file's location,
#                       so the scripts and the Java tests agree whatever the current directory)
#   $SPE_LOCAL_DIR/<svc>/env.sh   what a test needs (URLs, ports, credentials, key paths)
#   SPE_APT_INSTALL=0   never call apt-get; fail if a package is missing instead

SPE_SERVICES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
SPE_REPO_ROOT=$(cd "$SPE_SERVICES_DIR/../.." && pwd -P)
# machine-wide bookkeeping: which SPE_LOCAL_DIR runs a service now (ports, /etc/slurm and the
# munge key are machine-wide, so only one checkout can run a service at a time)
SPE_MACHINE_DIR=/var/tmp/spe-local

spe_init() {
  SPE_LOCAL_DIR=${SPE_LOCAL_DIR:-$SPE_REPO_ROOT/.spe-local}
  mkdir -p "$SPE_LOCAL_DIR"
  SPE_LOCAL_DIR=$(cd "$SPE_LOCAL_DIR" && pwd -P)
  SVC_DIR=$SPE_LOCAL_DIR/$SVC
  export SPE_LOCAL_DIR
}

log() { printf '[%s %s] %s\n' "$(date +%T)" "${SVC:-spe}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# milliseconds since the epoch, for "ready after N s" messages
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01d s' $((ms / 1000)) $(((ms % 1000) / 100)); }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (${1:-starts system daemons})"; }

# A PID is alive if it exists and is not a zombie (kill -0 succeeds on zombies).
pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null &&
    [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
pidfile_alive() { local p; [ -s "$1" ] && p=$(cat "$1") && pid_alive "$p"; }

# Stop the process recorded in a pid file: TERM, wait, then KILL. With "group", the whole
# process group is signalled, but only if the recorded PID leads its own group (it was
# started with setsid by our up.sh), so nothing outside what we started is touched.
stop_pidfile() { # name pidfile [group] [timeout_s]
  local name=$1 pf=$2 grp=${3:-} tmo=${4:-20} pid pgid target t0
  [ -s "$pf" ] || return 0
  pid=$(cat "$pf")
  if ! pid_alive "$pid"; then rm -f "$pf"; return 0; fi
  target=$pid
  if [ "$grp" = group ]; then
    pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
    [ "$pgid" = "$pid" ] && target=-$pid
  fi
  t0=$(now_ms)
  kill -TERM -- "$target" 2>/dev/null || true
  for _ in $(seq 1 $((tmo * 10))); do pid_alive "$pid" || break; sleep 0.1; done
  if pid_alive "$pid"; then
    log "$name ($pid) ignored TERM for ${tmo} s, sending KILL"
    kill -KILL -- "$target" 2>/dev/null || true
    sleep 0.2
  fi
  # the group's other members (workers) may take a moment longer than its leader
  if [ "$target" = "-$pid" ]; then
    for _ in $(seq 1 50); do pgrep -g "$pid" >/dev/null 2>&1 || break; sleep 0.1; done
    pgrep -g "$pid" >/dev/null 2>&1 && kill -KILL -- "$target" 2>/dev/null
  fi
  log "$name ($pid) stopped after $(since "$t0")"
  rm -f "$pf"
}

wait_http() { # url timeout_s [expected_code]  -> 0 when the URL answers (with that code)
  local url=$1 tmo=$2 want=${3:-} code
  for _ in $(seq 1 $((tmo * 4))); do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true)
    if [ -n "$want" ]; then [ "$code" = "$want" ] && return 0
    else [ -n "$code" ] && [ "$code" != 000 ] && return 0; fi
    sleep 0.25
  done
  return 1
}

# Install Debian packages that are missing. Package maintainer scripts must not start
# services (no systemd here, and a stock sshd/mariadb/rabbitmq would listen on all
# interfaces), so a policy-rc.d that forbids it is put in place for the install.
# Installs of several scripts run one after the other (flock), so that one script cannot
# remove the policy-rc.d while another one's packages are being configured.
apt_ensure() { # pkg...
  local missing=() p created=0 rc=0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${SPE_APT_INSTALL:-1}" = 1 ] || die "missing packages: ${missing[*]} (SPE_APT_INSTALL=0)"
  need_root "installs packages"
  mkdir -p "$SPE_MACHINE_DIR" "${SVC_DIR:?}"
  exec 8>"$SPE_MACHINE_DIR/apt.lock"
  flock 8
  # another script may have installed them while we waited for the lock
  missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then exec 8>&-; return 0; fi
  log "installing: ${missing[*]}"
  local t0; t0=$(now_ms)
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; created=1
  fi
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  # refresh the package index if it is older than a day (or absent, as on fresh images)
  local updated=0
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    log "apt-get update (package lists absent or older than a day)"
    "${apt[@]}" update -qq > "$SVC_DIR/apt-update.log" 2>&1 || log "warning: apt-get update failed, see $SVC_DIR/apt-update.log"
    updated=1
  fi
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" > "$SVC_DIR/apt-install.log" 2>&1 || rc=$?
  if [ $rc != 0 ] && [ $updated = 0 ]; then     # stale lists (404 on a superseded version)?
    log "apt-get install failed, retrying after apt-get update"
    "${apt[@]}" update -qq >> "$SVC_DIR/apt-install.log" 2>&1 || true
    rc=0; "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >> "$SVC_DIR/apt-install.log" 2>&1 || rc=$?
  fi
  [ $created = 1 ] && rm -f /usr/sbin/policy-rc.d
  exec 8>&-
  [ $rc = 0 ] || { tail -20 "$SVC_DIR/apt-install.log" >&2; die "apt-get install failed"; }
  log "installed ${#missing[@]} packages in $(since "$t0")"
}

# Install the package for each command that is not on PATH (command:package ...).
cmd_ensure() {
  local cp pkgs=()
  for cp in "$@"; do command -v "${cp%%:*}" >/dev/null 2>&1 || pkgs+=("${cp#*:}"); done
  [ ${#pkgs[@]} -eq 0 ] || apt_ensure "${pkgs[@]}"
}

# Refuse to start when something else already listens on a port we need.
port_free_or_ours() { # port pidfile
  local port=$1 pf=$2 who
  pidfile_alive "$pf" && return 0
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    who=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*' | head -1 | sed 's/users:((//')
    die "port $port is in use by another process ($who); override the port variable, or stop it (another checkout's: scripts/services down $SVC with its SPE_LOCAL_DIR)"
  fi
}

# Which SPE_LOCAL_DIR runs this service on this machine (written by up.sh, removed by down.sh).
owner_file() { echo "$SPE_MACHINE_DIR/owner-$SVC"; }
owner_set() { mkdir -p "$SPE_MACHINE_DIR"; echo "$SPE_LOCAL_DIR" > "$(owner_file)"; }
owner_clear() { [ "$(cat "$(owner_file)" 2>/dev/null)" = "$SPE_LOCAL_DIR" ] && rm -f "$(owner_file)"; return 0; }

# write_env FILE NAME=VALUE... : an env file with one 'export NAME=value' per line, values quoted
write_env() {
  local f=$1 kv v; shift
  {
    echo "# generated by scripts/services.d/$SVC/up.sh at $(date -Is); source it: . $f"
    for kv in "$@"; do
      v=${kv#*=}; printf "export %s='%s'\n" "${kv%%=*}" "${v//\'/\'\\\'\'}"
    done
  } > "$f.tmp"
  chmod 644 "$f.tmp"; mv "$f.tmp" "$f"
}
