#!/usr/bin/env bash
# Stop what openstack/up.sh started, by the PIDs in its pid files. Every service was started
# with setsid, so its process group (uwsgi/oslo.service workers) is signalled with it.
#   down.sh          stop everything, keep databases and config
#   down.sh --wipe   also delete $SPE_LOCAL_DIR/openstack (installed packages stay)
set -uo pipefail
SVC=openstack
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
spe_init
RUN=$SVC_DIR/run

stop_parallel() { # name... : stop these services at the same time, wait for all
  local n
  for n in "$@"; do stop_pidfile "$n" "$RUN/$n.pid" group 20 & done
  wait
}
# API services first, then the message bus and the database they use
stop_parallel nova-compute nova-scheduler nova-conductor nova-api neutron-server glance-api placement keystone
stop_parallel rabbitmq mariadb
stop_parallel epmd
owner_clear

if [ "${1:-}" = --wipe ]; then rm -rf "$SVC_DIR"; log "wiped $SVC_DIR"; fi
