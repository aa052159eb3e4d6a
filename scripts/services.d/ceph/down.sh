#!/usr/bin/env bash
# Stop what ceph/up.sh started, by the PIDs in the daemons' own pid files.
#   down.sh          stop radosgw, osd, mon; keep the cluster (objects, users, roles, OIDC providers)
#   down.sh --wipe   also delete $SPE_LOCAL_DIR/ceph (the whole cluster)
set -uo pipefail
SVC=ceph
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
spe_init
D=$SVC_DIR

stop_pidfile radosgw "$D/run/client.rgw.a.pid" "" 30
stop_pidfile ceph-osd "$D/run/osd.0.pid" "" 60
stop_pidfile ceph-mon "$D/run/mon.a.pid" "" 30
owner_clear

if [ "${1:-}" = --wipe ]; then rm -rf "$D"; log "wiped $D"; fi
