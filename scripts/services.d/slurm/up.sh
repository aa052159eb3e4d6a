#!/usr/bin/env bash
# Single-node SLURM for integration tests, without systemd:
#   munged + slurmctld + slurmd (+ slurmrestd with JWT auth) (+ sshd on 127.0.0.1 for a test user)
# Idempotent: daemons whose pid file points to a live process are left alone.
# Needs root (daemons, a system user, /etc/slurm/slurm.conf, /etc/munge/munge.key).
#
# Variables (defaults):
#   SPE_LOCAL_DIR (<repo>/.spe-local)    state under $SPE_LOCAL_DIR/slurm; when a parent directory is not
#                                        world-executable, that is a symlink to /var/tmp/spe-local/slurm-<hash>
#   SPE_SLURMCTLD_PORT (16817) SPE_SLURMD_PORT (16818) SPE_SLURMRESTD_PORT (16820) SPE_SLURM_SSH_PORT (2222)
#   SPE_SLURM_USER (speuser)             login user for ssh and the user jobs run as
#   SPE_SLURMRESTD_RUN_AS (slurmrest)    system user slurmrestd runs as (must be neither root nor slurm)
#   SPE_SLURM_CONF (/etc/slurm/slurm.conf)
#   SPE_SLURM_CPUS (4 x nproc)           CPUs the node advertises, so several small jobs run at once
#   SPE_SLURM_WITH_SSHD (1) SPE_SLURM_WITH_RESTD (1) SPE_SLURM_WITH_SNAKEMAKE (0: 1 installs snakemake)
#   SPE_SLURM_JWT_LIFESPAN (86400)       lifetime of the JWT written to env.sh
#
# up.sh --packages prints the Debian packages it needs and exits.
set -euo pipefail
SVC=slurm
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
T0=$(now_ms)

CTLD_PORT=${SPE_SLURMCTLD_PORT:-16817}
SLURMD_PORT=${SPE_SLURMD_PORT:-16818}
REST_PORT=${SPE_SLURMRESTD_PORT:-16820}
SSH_PORT=${SPE_SLURM_SSH_PORT:-2222}
TUSER=${SPE_SLURM_USER:-speuser}
REST_USER=${SPE_SLURMRESTD_RUN_AS:-slurmrest}
CONF=${SPE_SLURM_CONF:-/etc/slurm/slurm.conf}
WITH_SSHD=${SPE_SLURM_WITH_SSHD:-1}
WITH_RESTD=${SPE_SLURM_WITH_RESTD:-1}
REST_PLUGINS=openapi/v0.0.38,openapi/v0.0.37

# ---------------------------------------------------------------- packages
pkgs=(slurmctld slurmd slurm-client slurm-wlm-jwt-plugin munge curl jq iproute2)
[ "$WITH_RESTD" = 1 ] && pkgs+=(slurmrestd)
[ "$WITH_SSHD" = 1 ] && pkgs+=(openssh-server openssh-client)
[ "${SPE_SLURM_WITH_SNAKEMAKE:-0}" = 1 ] && pkgs+=(snakemake)
[ "${1:-}" = --packages ] && { echo "${pkgs[@]}"; exit 0; }
spe_init
need_root
apt_ensure "${pkgs[@]}"

# ---------------------------------------------------------------- state directory
# slurmctld runs as user slurm and jobs as $TUSER: they must reach the state directory, so
# every parent must be world-executable. If one is not (e.g. a checkout under /root), the state
# goes to /var/tmp and $SVC_DIR becomes a symlink to it (env.sh stays where tests look for it).
world_x_parents() { local d=$1; while :; do
  [ "$(( 0$(stat -c %a "$d") & 01 ))" = 1 ] || { echo "$d"; return 1; }
  [ "$d" = / ] && return 0; d=$(dirname "$d"); done; }
if [ ! -L "$SVC_DIR" ] && [ ! -e "$SVC_DIR/spool" ] && ! bad=$(world_x_parents "$SPE_LOCAL_DIR"); then
  ALT=$SPE_MACHINE_DIR/slurm-$(printf '%s' "$SPE_LOCAL_DIR" | sha1sum | cut -c1-12)
  log "$bad is not world-executable (user slurm could not reach $SVC_DIR): state goes to $ALT"
  mkdir -p "$ALT"; chmod 755 "$SPE_MACHINE_DIR" "$ALT"
  [ -d "$SVC_DIR" ] && { cp -a "$SVC_DIR/." "$ALT/" 2>/dev/null || true; rm -rf "$SVC_DIR"; }
  ln -s "$ALT" "$SVC_DIR"
fi
mkdir -p "$SVC_DIR"
D=$(cd "$SVC_DIR" && pwd -P)
mkdir -p "$D"/{run,log,spool/ctld,spool/d,ssh}
chmod 755 "$D" "$D/run" "$D/spool" "$D/spool/d"
chown slurm:slurm "$D/spool/ctld" "$D/log"
# slurmctld runs as user slurm, jobs as $TUSER: the state dir must be reachable for them
if ! runuser -u slurm -- test -w "$D/spool/ctld"; then
  die "user 'slurm' cannot reach $D (a parent directory is not world-executable?); set SPE_LOCAL_DIR elsewhere, e.g. /var/tmp/spe-local"
fi
owner_set

# ---------------------------------------------------------------- users
id "$TUSER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$TUSER"
# useradd leaves the password field '!' (locked). With UsePAM no, sshd refuses every login,
# even by public key, for a locked account -> '*' (no password, but not locked).
[ "$(getent shadow "$TUSER" | cut -d: -f2)" = '*' ] || usermod -p '*' "$TUSER"
if [ "$WITH_RESTD" = 1 ]; then
  id "$REST_USER" >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin "$REST_USER"
fi

# ---------------------------------------------------------------- munge (system-wide socket)
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge /etc/munge
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key --force
chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
if ! pidfile_alive /run/munge/munged.pid; then
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid </dev/null >/dev/null 2>&1
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  cp /run/munge/munged.pid "$D/run/munged.pid"   # "started by us": down.sh stops it
fi
for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
munge -n </dev/null | unmunge >/dev/null || die "munge does not work"

# ---------------------------------------------------------------- slurm.conf
MEM=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 512 ))
CPUS=${SPE_SLURM_CPUS:-$(( $(nproc) * 4 ))}
JWT_KEY=$D/spool/ctld/jwt_hs256.key
[ -s "$JWT_KEY" ] || dd if=/dev/urandom bs=32 count=1 status=none > "$JWT_KEY"
chown slurm:slurm "$JWT_KEY"; chmod 0600 "$JWT_KEY"
[ -e "$D/log/jobcomp.txt" ] || install -o slurm -g slurm -m 0644 /dev/null "$D/log/jobcomp.txt"

mkdir -p "$(dirname "$CONF")"
NEWCONF=$(mktemp)
cat > "$NEWCONF" <<EOF
# generated by scripts/services.d/slurm/up.sh (state in $D)
ClusterName=spe-local
SlurmctldHost=localhost(127.0.0.1)
# bind to the resolved address (127.0.0.1) instead of 0.0.0.0: slurmctld, slurmd, srun, ...
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$JWT_KEY
StateSaveLocation=$D/spool/ctld
SlurmdSpoolDir=$D/spool/d
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
MinJobAge=300
ReturnToService=2
# queued jobs start within ~1 s instead of ~3 s
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
# the node may advertise more CPUs than the host has
SlurmdParameters=config_overrides
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
CONF_CHANGED=0
if ! cmp -s "$NEWCONF" "$CONF" 2>/dev/null; then
  install -m 0644 "$NEWCONF" "$CONF"; CONF_CHANGED=1
fi
rm -f "$NEWCONF"
export SLURM_CONF=$CONF
if [ $CONF_CHANGED = 1 ] && pidfile_alive "$D/run/slurmctld.pid"; then
  log "slurm.conf changed, reconfiguring"; scontrol reconfigure || true
fi

# ---------------------------------------------------------------- slurmctld / slurmd
port_free_or_ours "$CTLD_PORT" "$D/run/slurmctld.pid"
port_free_or_ours "$SLURMD_PORT" "$D/run/slurmd.pid"
if ! pidfile_alive "$D/run/slurmctld.pid"; then
  log "starting slurmctld on :$CTLD_PORT"
  /usr/sbin/slurmctld </dev/null >/dev/null 2>&1      # daemonizes, writes its pid file, drops to SlurmUser
  for _ in $(seq 50); do pidfile_alive "$D/run/slurmctld.pid" && break; sleep 0.1; done
fi
if ! pidfile_alive "$D/run/slurmd.pid"; then
  log "starting slurmd on :$SLURMD_PORT"
  /usr/sbin/slurmd -N localhost </dev/null >/dev/null 2>&1   # node name is not the host name: -N
  for _ in $(seq 50); do pidfile_alive "$D/run/slurmd.pid" && break; sleep 0.1; done
fi
deadline=$(( SECONDS + ${SPE_SLURM_READY_TIMEOUT:-60} )); st=
while (( SECONDS < deadline )); do
  pidfile_alive "$D/run/slurmctld.pid" || { tail -5 "$D/log/slurmctld.log" >&2; die "slurmctld died"; }
  pidfile_alive "$D/run/slurmd.pid"    || { tail -5 "$D/log/slurmd.log" >&2;    die "slurmd died"; }
  st=$(timeout 5 sinfo -h -N -n localhost -o '%T' 2>/dev/null || true)
  case $st in
    idle|mixed|allocated|completing) break ;;
    down*|drain*) scontrol update nodename=localhost state=resume 2>/dev/null || true ;;
  esac
  sleep 0.2
done
case $st in idle|mixed|allocated|completing) ;; *) die "node not ready: '$st'" ;; esac
# jobcomp/filetxt: "sacct -c" opens JobCompLoc for writing even to read it, and slurmctld
# resets the file to 0644 whenever it (re)starts -> make it writable again for test users.
chmod 0666 "$D/log/jobcomp.txt"
log "node localhost is $st ($(since "$T0"))"

# ---------------------------------------------------------------- slurmrestd
if [ "$WITH_RESTD" = 1 ] && ! pidfile_alive "$D/run/slurmrestd.pid"; then
  port_free_or_ours "$REST_PORT" "$D/run/slurmrestd.pid"
  log "starting slurmrestd on 127.0.0.1:$REST_PORT as $REST_USER"
  # slurmrestd refuses to run as root or as SlurmUser (-u: setuid after binding) and has no
  # daemon mode: run it in the background and record its PID.
  SLURM_JWT=daemon setsid /usr/sbin/slurmrestd -u "$(id -u "$REST_USER")" -g "$(id -g "$REST_USER")" \
    -a rest_auth/jwt -s "$REST_PLUGINS" "127.0.0.1:$REST_PORT" \
    >"$D/log/slurmrestd.log" 2>&1 </dev/null &
  echo $! > "$D/run/slurmrestd.pid"
  ok=0
  for _ in $(seq 1 300); do
    pidfile_alive "$D/run/slurmrestd.pid" || { cat "$D/log/slurmrestd.log" >&2; die "slurmrestd died"; }
    if ss -Hltn "sport = :$REST_PORT" | grep -q .; then ok=1; break; fi
    sleep 0.1
  done
  [ $ok = 1 ] || die "slurmrestd does not listen on :$REST_PORT"
  log "slurmrestd listening ($(since "$T0"))"
fi

# ---------------------------------------------------------------- sshd
S=$D/ssh
if [ "$WITH_SSHD" = 1 ]; then
  [ -s "$S/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "spe-local-host" -f "$S/ssh_host_ed25519_key"
  [ -s "$S/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "$TUSER@spe-local" -f "$S/client_ed25519"
  H=$(getent passwd "$TUSER" | cut -d: -f6)
  install -d -o "$TUSER" -g "$TUSER" -m 0700 "$H/.ssh"
  if ! grep -qxF "$(cat "$S/client_ed25519.pub")" "$H/.ssh/authorized_keys" 2>/dev/null; then
    cat "$S/client_ed25519.pub" >> "$H/.ssh/authorized_keys"
  fi
  chown "$TUSER:$TUSER" "$H/.ssh/authorized_keys"; chmod 0600 "$H/.ssh/authorized_keys"
  cat > "$S/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $S/ssh_host_ed25519_key
PidFile $D/run/sshd.pid
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $TUSER
UsePAM no
AuthorizedKeysFile .ssh/authorized_keys
MaxStartups 100:30:200
MaxSessions 50
SetEnv SLURM_CONF=$CONF
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  install -d -m 0755 /run/sshd   # privilege separation directory
  if ! pidfile_alive "$D/run/sshd.pid"; then
    port_free_or_ours "$SSH_PORT" "$D/run/sshd.pid"
    /usr/sbin/sshd -t -f "$S/sshd_config"
    log "starting sshd on 127.0.0.1:$SSH_PORT"
    /usr/sbin/sshd -f "$S/sshd_config" -E "$D/log/sshd.log"   # daemonizes, writes PidFile
    for _ in $(seq 50); do pidfile_alive "$D/run/sshd.pid" && break; sleep 0.1; done
  fi
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$S/ssh_host_ed25519_key.pub")" > "$S/known_hosts"
fi

# ---------------------------------------------------------------- env for tests
JWT=; JWT_EXP=
if [ "$WITH_RESTD" = 1 ]; then
  LIFESPAN=${SPE_SLURM_JWT_LIFESPAN:-86400}
  JWT=$(scontrol token username="$TUSER" lifespan="$LIFESPAN" | sed -n 's/^SLURM_JWT=//p')
  [ -n "$JWT" ] || die "scontrol token failed"
  JWT_EXP=$(( $(date +%s) + LIFESPAN ))
fi
env_vars=(
  SLURM_CONF="$CONF"
  SPE_SLURM_CONF="$CONF"
  SPE_SLURM_CLUSTER=spe-local
  SPE_SLURM_PARTITION=debug
  SPE_SLURM_USER="$TUSER"
)
if [ "$WITH_SSHD" = 1 ]; then env_vars+=(
  SPE_SLURM_SSH_HOST=127.0.0.1
  SPE_SLURM_SSH_PORT="$SSH_PORT"
  SPE_SLURM_SSH_USER="$TUSER"
  SPE_SLURM_SSH_KEY="$S/client_ed25519"
  SPE_SLURM_SSH_PUBLIC_KEY="$S/client_ed25519.pub"
  SPE_SLURM_SSH_KNOWN_HOSTS="$S/known_hosts"
  SPE_SLURM_SSH_HOST_KEY="$S/ssh_host_ed25519_key.pub"
); fi
if [ "$WITH_RESTD" = 1 ]; then env_vars+=(
  SPE_SLURMRESTD_URL="http://127.0.0.1:$REST_PORT"
  SPE_SLURMRESTD_API_VERSIONS=v0.0.38,v0.0.37
  SPE_SLURMRESTD_USER="$TUSER"
  SPE_SLURM_JWT="$JWT"
  SPE_SLURM_JWT_EXPIRES="$JWT_EXP"
  SPE_SLURM_JWT_KEY="$JWT_KEY"
); fi
env_vars+=(SPE_SLURM_STATE_DIR="$D")
write_env "$D/env.sh" "${env_vars[@]}"
log "ready after $(since "$T0"); env: $D/env.sh"
