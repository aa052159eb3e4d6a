#!/usr/bin/env bash
# Stop the Keycloak started by keycloak/up.sh (kc.sh and its JVM: the process group it leads).
#   down.sh          stop; keep the database (realm, keys, users) and the unpacked distribution
#   down.sh --wipe   also delete $SPE_LOCAL_DIR/keycloak; the next up.sh unpacks the zip again
#                    from the local Maven repository and imports the realm afresh
set -uo pipefail
SVC=keycloak
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
spe_init
D=$SVC_DIR

stop_pidfile keycloak "$D/run/keycloak.pid" group 30
owner_clear

if [ "${1:-}" = --wipe ]; then rm -rf "$D"; log "wiped $D"; fi
