#!/usr/bin/env bash
# Loopback-only OpenStack (Debian 12 packages, release Zed) for integration tests, no systemd:
#
#   up.sh keystone   Keystone only (SQLite, uwsgi) + an application credential
#   up.sh full       + MariaDB, RabbitMQ, Placement, Glance (file store), Neutron (ML2 with the
#                    "fakebind" mechanism driver, no L2/L3/DHCP daemons), Nova (api, conductor, scheduler,
#                    compute with the fake virt driver) + flavors, image, networks
#
# Mode: first argument, else SPE_OS_MODE, else full. Idempotent: running services are left
# alone, databases are initialised once. Needs root (packages, MariaDB/RabbitMQ as root).
#
# Variables (defaults):
#   SPE_LOCAL_DIR (<repo>/.spe-local) config, state, logs under $SPE_LOCAL_DIR/openstack
#   SPE_OS_ADMIN_PASSWORD (secret)
#   SPE_OS_KEYSTONE_PORT (15000) SPE_OS_PLACEMENT_PORT (18778) SPE_OS_NOVA_PORT (18774)
#   SPE_OS_GLANCE_PORT (19292) SPE_OS_NEUTRON_PORT (19696) SPE_OS_DB_PORT (13306)
#   SPE_OS_AMQP_PORT (15672) SPE_OS_EPMD_PORT (14369) SPE_OS_ERL_DIST_PORT (25673)
#
# up.sh [MODE] --packages prints the Debian packages that mode needs and exits.
set -euo pipefail
SVC=openstack
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
T0=$(now_ms)

MODE=${SPE_OS_MODE:-full}; PRINT_PKGS=0
for a in "$@"; do
  case $a in keystone|full) MODE=$a ;; --packages) PRINT_PKGS=1 ;; *) die "usage: up.sh [keystone|full] [--packages]" ;; esac
done
pkgs=(keystone python3-keystoneclient python3-openstacksdk python3-openstackclient
      uwsgi-core uwsgi-plugin-python3 sqlite3 curl iproute2)
[ "$MODE" = full ] && pkgs+=(nova-api nova-conductor nova-scheduler placement-api glance-api
      neutron-server rabbitmq-server mariadb-server python3-pymysql)
[ $PRINT_PKGS = 1 ] && { echo "${pkgs[@]}"; exit 0; }
spe_init
need_root
D=$SVC_DIR; ETC=$D/etc; ST=$D/state; LOG=$D/log; RUN=$D/run
PY=/usr/bin/python3          # Debian's python has the OpenStack modules (a pyenv/venv python does not)
KS_PORT=${SPE_OS_KEYSTONE_PORT:-15000}
PLACEMENT_PORT=${SPE_OS_PLACEMENT_PORT:-18778}
NOVA_PORT=${SPE_OS_NOVA_PORT:-18774}
GLANCE_PORT=${SPE_OS_GLANCE_PORT:-19292}
NEUTRON_PORT=${SPE_OS_NEUTRON_PORT:-19696}
DB_PORT=${SPE_OS_DB_PORT:-13306}
AMQP_PORT=${SPE_OS_AMQP_PORT:-15672}
EPMD_PORT=${SPE_OS_EPMD_PORT:-14369}
ERL_DIST_PORT=${SPE_OS_ERL_DIST_PORT:-25673}
ADMIN_PASS=${SPE_OS_ADMIN_PASSWORD:-secret}
KS_URL=http://127.0.0.1:$KS_PORT/v3
DBURL="mysql+pymysql://os:ospass@127.0.0.1:$DB_PORT"
AMQP="rabbit://guest:guest@127.0.0.1:$AMQP_PORT/"
mkdir -p "$ETC" "$ST" "$LOG" "$RUN" "$ST/locks"
# the caller's OS_* settings (e.g. from a sourced env.sh) must not reach the setup tools
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)
say() { log "$* ($(since "$T0"))"; }

# ---------------------------------------------------------------- already up?
SERVICES=(keystone)
[ "$MODE" = full ] && SERVICES+=(mariadb rabbitmq placement glance-api neutron-server nova-api nova-conductor nova-scheduler nova-compute)
all_up=1; for n in "${SERVICES[@]}"; do pidfile_alive "$RUN/$n.pid" || { all_up=0; break; }; done
if [ $all_up = 1 ] && [ -s "$D/env.sh" ] && { [ "$MODE" = keystone ] || grep -q "^export SPE_OS_MODE='full'" "$D/env.sh"; } &&
   wait_http "$KS_URL" 5 200; then
  say "already up ($MODE); env: $D/env.sh"
  exit 0
fi

# ---------------------------------------------------------------- packages
apt_ensure "${pkgs[@]}"
owner_set

# start_bg NAME CMD...: start with setsid, i.e. as leader of its own process group (down.sh
# signals that group), unless it is running already
start_bg() {
  local n=$1; shift
  pidfile_alive "$RUN/$n.pid" && return 0
  setsid "$@" >"$LOG/$n.stdout" 2>&1 </dev/null &
  echo $! > "$RUN/$n.pid"
}
wait_http_or_die() { wait_http "$1" "$2" "${3:-}" || die "no answer from $1, see $LOG"; }
authsec() { cat <<EOF
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $1pass
region_name = RegionOne
EOF
}
uwsgi_ini() { # name port wsgi-file env processes threads
cat <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$2
wsgi-file = $3
env = $4
master = true
processes = $5
threads = $6
enable-threads = true
lazy-apps = true
buffer-size = 65535
die-on-term = true
need-app = true
; uwsgi's http-socket closes idle keep-alive connections silently -> clients reusing them get RST
add-header = Connection: close
logto = $LOG/$1-uwsgi.log
pidfile = $RUN/$1.pid
EOF
}

# ---------------------------------------------------------------- keystone
mkdir -p "$ETC/keystone"
cat > "$ETC/keystone/keystone.conf" <<EOF
[DEFAULT]
log_file = $LOG/keystone.log
[database]
connection = sqlite:///$ST/keystone.db
[token]
provider = fernet
expiration = 86400
[fernet_tokens]
key_repository = $ST/fernet-keys
[fernet_receipts]
key_repository = $ST/fernet-keys
[credential]
key_repository = $ST/credential-keys
[cache]
; per-process memory cache: correct only because keystone runs as ONE uwsgi process
enabled = true
backend = dogpile.cache.memory
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF
# SQLite: one process, one thread (threads -> "SQLite objects created in a thread can only be used
# in that same thread"; several processes + memory cache -> stale catalog). WAL journal -> no
# "database is locked" while creating application credentials.
uwsgi_ini keystone "$KS_PORT" /usr/bin/keystone-wsgi-public "OS_KEYSTONE_CONFIG_FILES=$ETC/keystone/keystone.conf" 1 1 \
  > "$ETC/keystone/uwsgi.ini"
KM=(keystone-manage --config-file "$ETC/keystone/keystone.conf")
if [ ! -e "$ST/.keystone-ok" ]; then
  "${KM[@]}" db_sync 2>>"$LOG/keystone-manage.log"
  sqlite3 "$ST/keystone.db" 'PRAGMA journal_mode=WAL;' >/dev/null
  "${KM[@]}" fernet_setup --keystone-user root --keystone-group root 2>>"$LOG/keystone-manage.log"
  "${KM[@]}" credential_setup --keystone-user root --keystone-group root 2>>"$LOG/keystone-manage.log"
  "${KM[@]}" bootstrap --bootstrap-password "$ADMIN_PASS" --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id RegionOne --bootstrap-public-url "$KS_URL/" \
    --bootstrap-internal-url "$KS_URL/" --bootstrap-admin-url "$KS_URL/" 2>>"$LOG/keystone-manage.log"
  touch "$ST/.keystone-ok"; say "keystone database initialised"
fi
if ! pidfile_alive "$RUN/keystone.pid"; then
  port_free_or_ours "$KS_PORT" "$RUN/keystone.pid"
  start_bg keystone uwsgi --ini "$ETC/keystone/uwsgi.ini"
fi
wait_http_or_die "$KS_URL" 60 200; say "keystone up on :$KS_PORT"

if [ "$MODE" = full ]; then
# ---------------------------------------------------------------- mariadb
cat > "$ETC/my.cnf" <<EOF
[mysqld]
user = root
datadir = $ST/mysql
socket = $RUN/mysqld.sock
pid-file = $RUN/mariadb.pid
bind-address = 127.0.0.1
port = $DB_PORT
log-error = $LOG/mariadb.err
max_connections = 1000
innodb_buffer_pool_size = 128M
innodb_flush_log_at_trx_commit = 2
innodb_doublewrite = 0
performance_schema = off
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
EOF
[ -d "$ST/mysql/mysql" ] || mariadb-install-db --user=root --datadir="$ST/mysql" \
  --auth-root-authentication-method=socket --skip-test-db >"$LOG/mariadb-install.log" 2>&1
if ! pidfile_alive "$RUN/mariadb.pid"; then
  port_free_or_ours "$DB_PORT" "$RUN/mariadb.pid"
  setsid /usr/sbin/mariadbd --defaults-file="$ETC/my.cnf" >/dev/null 2>&1 </dev/null &   # writes its pid-file
fi
for _ in $(seq 1 240); do mariadb --socket="$RUN/mysqld.sock" -e 'select 1' >/dev/null 2>&1 && break; sleep 0.25; done
mariadb --socket="$RUN/mysqld.sock" <<'EOF'
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova; CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE DATABASE IF NOT EXISTS placement; CREATE DATABASE IF NOT EXISTS glance; CREATE DATABASE IF NOT EXISTS neutron;
CREATE USER IF NOT EXISTS 'os'@'127.0.0.1' IDENTIFIED BY 'ospass';
GRANT ALL PRIVILEGES ON *.* TO 'os'@'127.0.0.1';
EOF
say "mariadb up on :$DB_PORT"

# ---------------------------------------------------------------- rabbitmq
mkdir -p "$ETC/rabbitmq" "$ST/rabbitmq" "$LOG/rabbitmq"
printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$AMQP_PORT" > "$ETC/rabbitmq/rabbitmq.conf"
echo '[].' > "$ETC/rabbitmq/enabled_plugins"            # an Erlang term: the final dot matters
cat > "$ETC/rabbitmq/env.sh" <<EOF
export HOME=$ST/rabbitmq RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_USE_LONGNAME=false
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$ERL_DIST_PORT
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT
export RABBITMQ_CONFIG_FILE=$ETC/rabbitmq/rabbitmq RABBITMQ_ENABLED_PLUGINS_FILE=$ETC/rabbitmq/enabled_plugins
export RABBITMQ_MNESIA_BASE=$ST/rabbitmq/mnesia RABBITMQ_LOG_BASE=$LOG/rabbitmq RABBITMQ_PID_FILE=$RUN/rabbitmq.pid
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
( . "$ETC/rabbitmq/env.sh"
  if ! pidfile_alive "$RUN/rabbitmq.pid"; then
    port_free_or_ours "$AMQP_PORT" "$RUN/rabbitmq.pid"
    rm -f "$RUN/rabbitmq.pid"
    # the real script, not /usr/sbin/rabbitmq-server (that wrapper su's to user rabbitmq and drops our env)
    setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$LOG/rabbitmq/stdout.log" 2>&1 </dev/null &
    for _ in $(seq 1 240); do [ -s "$RUN/rabbitmq.pid" ] && break; sleep 0.25; done
  fi
  /usr/lib/rabbitmq/bin/rabbitmqctl wait --pid "$(cat "$RUN/rabbitmq.pid")" --timeout 90 >/dev/null 2>&1 ) ||
  die "rabbitmq did not start, see $LOG/rabbitmq"
# epmd (started by the Erlang VM, daemonized) is ours too: it listens on our own port
EPMD_PID=$(ss -Hltnp "sport = :$EPMD_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
[ -n "$EPMD_PID" ] && echo "$EPMD_PID" > "$RUN/epmd.pid"
say "rabbitmq up on :$AMQP_PORT"

# ---------------------------------------------------------------- keystone: service users + catalog
KS_URL=$KS_URL ADMIN_PASS=$ADMIN_PASS NOVA_URL="http://127.0.0.1:$NOVA_PORT/v2.1" \
  PLACEMENT_URL="http://127.0.0.1:$PLACEMENT_PORT" GLANCE_URL="http://127.0.0.1:$GLANCE_PORT" \
  NEUTRON_URL="http://127.0.0.1:$NEUTRON_PORT" PYTHONWARNINGS=ignore \
  "$PY" "$HERE/ks-register.py" 2>>"$LOG/fixtures.log" || die "catalog registration failed, see $LOG/fixtures.log"
say "keystone catalog registered"

# ---------------------------------------------------------------- placement
mkdir -p "$ETC/placement"
cat > "$ETC/placement/placement.conf" <<EOF
[DEFAULT]
log_file = $LOG/placement.log
[api]
auth_strategy = keystone
[keystone_authtoken]
$(authsec placement)
[placement_database]
connection = $DBURL/placement
EOF
uwsgi_ini placement "$PLACEMENT_PORT" /usr/bin/placement-api "OS_PLACEMENT_CONFIG_DIR=$ETC/placement" 1 4 \
  > "$ETC/placement/uwsgi.ini"

# ---------------------------------------------------------------- glance
mkdir -p "$ETC/glance" "$ST/images" "$ST/glance-staging" "$ST/glance-tasks"
cat > "$ETC/glance/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $GLANCE_PORT
workers = 1
log_file = $LOG/glance-api.log
[database]
connection = $DBURL/glance
[glance_store]
stores = file
default_store = file
filesystem_store_datadir = $ST/images
[os_glance_staging_store]
filesystem_store_datadir = $ST/glance-staging
[os_glance_tasks_store]
filesystem_store_datadir = $ST/glance-tasks
[keystone_authtoken]
$(authsec glance)
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $ST/locks
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF

# ---------------------------------------------------------------- neutron (ML2 only, no L2/L3/DHCP daemons)
mkdir -p "$ETC/neutron" "$ST/neutron"
cat > "$ETC/neutron/neutron.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $NEUTRON_PORT
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $AMQP
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
log_file = $LOG/neutron-server.log
state_path = $ST/neutron
api_paste_config = /etc/neutron/api-paste.ini
[database]
connection = $DBURL/neutron
[keystone_authtoken]
$(authsec neutron)
[oslo_concurrency]
lock_path = $ST/locks
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF
cat > "$ETC/neutron/ml2_conf.ini" <<'EOF'
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
; fakebind (plugins/fakebind_ml2): binds every port as OVS/ACTIVE, so nova's port binding
; succeeds without Neutron's L2 daemons
mechanism_drivers = fakebind
extension_drivers = port_security
[ml2_type_flat]
flat_networks = public
[ml2_type_vxlan]
vni_ranges = 1:1000
[securitygroup]
enable_security_group = true
EOF

# ---------------------------------------------------------------- nova
mkdir -p "$ETC/nova" "$ST/nova" "$ST/nova-instances"
nova_common() { cat <<EOF
[DEFAULT]
host = fake-compute-1
my_ip = 127.0.0.1
transport_url = $AMQP
state_path = $ST/nova
instances_path = $ST/nova-instances
log_dir = $LOG
use_rootwrap_daemon = false
[api]
auth_strategy = keystone
[keystone_authtoken]
$(authsec nova)
[placement]
$(authsec placement)
[neutron]
$(authsec neutron)
[glance]
$(authsec glance)
[service_user]
send_service_user_token = false
[oslo_concurrency]
lock_path = $ST/locks
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
[vnc]
enabled = false
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
EOF
}
{ nova_common; cat <<EOF
[DEFAULT]
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $NOVA_PORT
osapi_compute_workers = 1
[api_database]
connection = $DBURL/nova_api
[database]
connection = $DBURL/nova
[conductor]
workers = 1
[scheduler]
workers = 1
EOF
} > "$ETC/nova/nova.conf"
# nova-compute gets no database settings: it talks through the conductor
# (with them it logs "No DB access allowed in nova-compute")
{ nova_common; cat <<EOF
[DEFAULT]
compute_driver = fake.FakeDriver
; the fake driver reports 8 vCPU / 8000 MB / 500 GB; overcommit so several small clusters fit
cpu_allocation_ratio = 16.0
ram_allocation_ratio = 16.0
disk_allocation_ratio = 4.0
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
EOF
} > "$ETC/nova/nova-compute.conf"

# ---------------------------------------------------------------- database schemas (first run)
NC=(--config-file "$ETC/nova/nova.conf")
if [ ! -e "$ST/.schemas-ok" ]; then
  pids=()
  placement-manage --config-file "$ETC/placement/placement.conf" db sync >"$LOG/db-sync.log" 2>&1 & pids+=($!)
  glance-manage --config-file "$ETC/glance/glance-api.conf" db_sync >>"$LOG/db-sync.log" 2>&1 & pids+=($!)
  neutron-db-manage --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini" \
    upgrade heads >>"$LOG/db-sync.log" 2>&1 & pids+=($!)
  { nova-manage "${NC[@]}" api_db sync &&
    nova-manage "${NC[@]}" cell_v2 map_cell0 --database_connection "$DBURL/nova_cell0" &&
    { nova-manage "${NC[@]}" cell_v2 list_cells | grep -q ' cell1 ' || nova-manage "${NC[@]}" cell_v2 create_cell --name cell1; } &&
    nova-manage "${NC[@]}" db sync; } >>"$LOG/db-sync.log" 2>&1 & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || die "schema sync failed, see $LOG/db-sync.log"; done
  touch "$ST/.schemas-ok"; say "schemas synced"
fi

# ---------------------------------------------------------------- start the services
rmq() { ( . "$ETC/rabbitmq/env.sh"; /usr/lib/rabbitmq/bin/rabbitmqctl "$@" ); }
wait_consumers() { # timeout_s queue... -> 0 once every queue has at least one consumer
  local tmo=$1 q n all; shift
  for _ in $(seq 1 $((tmo * 2))); do
    q=$(rmq list_queues -q name consumers 2>/dev/null || true); all=1
    for n in "$@"; do awk -v n="$n" '$1 == n && $2 > 0 {f = 1} END {exit !f}' <<<"$q" || { all=0; break; }; done
    [ $all = 1 ] && return 0
    sleep 0.5
  done
  return 1
}
for p in "$PLACEMENT_PORT:placement" "$GLANCE_PORT:glance-api" "$NEUTRON_PORT:neutron-server" "$NOVA_PORT:nova-api"; do
  port_free_or_ours "${p%%:*}" "$RUN/${p#*:}.pid"
done
start_bg placement uwsgi --ini "$ETC/placement/uwsgi.ini"
start_bg glance-api glance-api --config-file "$ETC/glance/glance-api.conf"
PYTHONPATH="$HERE/plugins" start_bg neutron-server neutron-server \
  --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini"
start_bg nova-api nova-api "${NC[@]}"
start_bg nova-conductor nova-conductor "${NC[@]}"
start_bg nova-scheduler nova-scheduler "${NC[@]}"
# nova-compute pings the conductor at start and waits 10 s per unanswered try: start it
# once the conductor consumes its queue
if ! pidfile_alive "$RUN/nova-compute.pid"; then
  wait_consumers 90 conductor || die "nova-conductor does not consume its queue, see $LOG/nova-conductor.log"
fi
start_bg nova-compute "$HERE/bin/nova-compute" --config-file "$ETC/nova/nova-compute.conf"
wait_http_or_die "http://127.0.0.1:$PLACEMENT_PORT/" 90 200; say "placement up on :$PLACEMENT_PORT"
wait_http_or_die "http://127.0.0.1:$GLANCE_PORT/" 90 300;    say "glance up on :$GLANCE_PORT"
wait_http_or_die "http://127.0.0.1:$NEUTRON_PORT/" 90 200;   say "neutron up on :$NEUTRON_PORT"
wait_http_or_die "http://127.0.0.1:$NOVA_PORT/" 90 200;      say "nova-api up on :$NOVA_PORT"
mapped=0
for _ in $(seq 1 60); do
  nova-manage "${NC[@]}" cell_v2 discover_hosts >/dev/null 2>&1 || true
  if nova-manage "${NC[@]}" cell_v2 list_hosts 2>/dev/null | grep -q fake-compute-1; then mapped=1; break; fi
  sleep 1
done
[ $mapped = 1 ] || die "nova-compute did not register, see $LOG/nova-compute.log"
# After a restart the host mapping exists before nova-compute consumes its RPC queue; a server
# created in that window is lost (cast to a queue nobody listens on) and stays in BUILD forever.
# Ready means: conductor, scheduler, compute and neutron have consumers on their queues.
wait_consumers 90 conductor scheduler compute.fake-compute-1 q-plugin ||
  die "nova/neutron RPC queues have no consumers, see $LOG"
say "nova-compute fake-compute-1 mapped and consuming"
fi

# ---------------------------------------------------------------- fixtures + env for tests
PYTHONWARNINGS=ignore "$PY" "$HERE/fixtures.py" "$MODE" "$KS_URL" "$ADMIN_PASS" "$ST" 2>>"$LOG/fixtures.log" ||
  die "fixtures failed, see $LOG/fixtures.log"
AC_ID=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["id"])' "$ST/appcred.json")
AC_SECRET=$("$PY" -c 'import json,sys;print(json.load(open(sys.argv[1]))["secret"])' "$ST/appcred.json")

cat > "$D/clouds.yaml" <<EOF
clouds:
  spe-admin:
    auth: {auth_url: "$KS_URL", username: admin, password: "$ADMIN_PASS", project_name: admin,
           user_domain_name: Default, project_domain_name: Default}
    region_name: RegionOne
  spe-appcred:
    auth_type: v3applicationcredential
    auth: {auth_url: "$KS_URL", application_credential_id: "$AC_ID",
           application_credential_secret: "$AC_SECRET"}
    region_name: RegionOne
EOF
chmod 644 "$D/clouds.yaml"
cat > "$D/admin-openrc" <<EOF
export OS_AUTH_URL=$KS_URL OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public
export OS_USERNAME=admin OS_PASSWORD=$ADMIN_PASS OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
unset OS_AUTH_TYPE OS_APPLICATION_CREDENTIAL_ID OS_APPLICATION_CREDENTIAL_SECRET
export PYTHONWARNINGS=ignore
EOF
env_vars=(
  OS_AUTH_URL="$KS_URL"
  OS_IDENTITY_API_VERSION=3
  OS_REGION_NAME=RegionOne
  OS_INTERFACE=public
  OS_AUTH_TYPE=v3applicationcredential
  OS_APPLICATION_CREDENTIAL_ID="$AC_ID"
  OS_APPLICATION_CREDENTIAL_SECRET="$AC_SECRET"
  SPE_OS_MODE="$MODE"
  SPE_OS_ADMIN_USER=admin
  SPE_OS_ADMIN_PASSWORD="$ADMIN_PASS"
  SPE_OS_ADMIN_PROJECT=admin
  SPE_OS_DOMAIN=Default
  SPE_OS_ADMIN_OPENRC="$D/admin-openrc"
  SPE_OS_CLOUDS_YAML="$D/clouds.yaml"
)
[ "$MODE" = full ] && env_vars+=(
  SPE_OS_FLAVOR=de.NBI.tiny
  SPE_OS_IMAGE=Ubuntu-22.04-fake
  SPE_OS_NETWORK=private
  SPE_OS_EXTERNAL_NETWORK=public
  SPE_OS_SECURITY_GROUP=default
)
write_env "$D/env.sh" "${env_vars[@]}"
say "ready ($MODE); env: $D/env.sh"
