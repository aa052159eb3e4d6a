#!/usr/bin/env bash
# Single-node Ceph for S3/STS integration tests, without systemd or containers:
#   ceph-mon + one OSD (bluestore on a sparse file, or memstore) + radosgw (S3, IAM, STS)
#   on 127.0.0.1 only, plus an S3 user whose caps allow creating OIDC providers and roles.
# First run creates the cluster (~30 s); later runs restart the daemons on the existing state.
# Idempotent: daemons whose pid file points to a live process are left alone.
#
# Variables (defaults):
#   SPE_LOCAL_DIR (<repo>/.spe-local)        state under $SPE_LOCAL_DIR/ceph
#   SPE_S3_PORT (7480) SPE_S3_TLS_PORT (7443) SPE_CEPH_MON_PORT (16789)
#   SPE_S3_ACCESS_KEY (sdk-access) SPE_S3_SECRET_KEY (sdk-secret-0123456789)   the S3 test user
#   SPE_S3_REGION (us-east-1)                the zonegroup's api_name, i.e. the region clients name
#   SPE_CEPH_OBJECTSTORE (bluestore | memstore)   set before the first run
#   SPE_CEPH_BLUESTORE_BYTES (21474836480)   size of the sparse block file
#   SPE_CEPH_MEMSTORE_BYTES (6442450944)
#
# up.sh --packages prints the Debian packages it needs and exits.
set -euo pipefail
SVC=ceph
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
PKGS=(ceph-mon ceph-osd radosgw ceph-common openssl curl jq uuid-runtime iproute2)
[ "${1:-}" = --packages ] && { echo "${PKGS[@]}"; exit 0; }
spe_init
need_root
T0=$(now_ms)

RGW_PORT=${SPE_S3_PORT:-7480}
RGW_TLS_PORT=${SPE_S3_TLS_PORT:-7443}
MON_PORT=${SPE_CEPH_MON_PORT:-16789}
AK=${SPE_S3_ACCESS_KEY:-sdk-access}
SK=${SPE_S3_SECRET_KEY:-sdk-secret-0123456789}
S3_UID=sdk-test
REGION=${SPE_S3_REGION:-us-east-1}
D=$SVC_DIR
C=$D/ceph.conf

apt_ensure "${PKGS[@]}"
mkdir -p "$D"
owner_set

run() { ceph -c "$C" --connect-timeout 20 "$@"; }
# Clients that send CreateBucketConfiguration/LocationConstraint=<region> (minio-java always does,
# AWS SDKs outside us-east-1) get InvalidLocationConstraint unless the zonegroup's api_name is
# that region; the default zonegroup's is "default". radosgw reads it at start -> restart it.
ensure_region() {
  local zg
  zg=$(radosgw-admin -c "$C" zonegroup get --rgw-zonegroup=default) || die "radosgw-admin zonegroup get failed"
  [ "$(jq -r .api_name <<<"$zg")" = "$REGION" ] && return 0
  log "setting the zonegroup's api_name to $REGION, restarting radosgw"
  jq --arg r "$REGION" '.api_name = $r' <<<"$zg" |
    radosgw-admin -c "$C" zonegroup set --rgw-zonegroup=default >/dev/null || die "radosgw-admin zonegroup set failed"
  # (the default zonegroup exists only after radosgw's first start. Not KILL: a killed radosgw
  # leaves its RADOS watches behind, and radosgw-admin then waits ~20 s for them per write)
  stop_pidfile radosgw "$D/run/client.rgw.a.pid" "" 30
  start_rgw
  wait_http "http://127.0.0.1:$RGW_PORT/" 120 || die "radosgw does not answer, see $D/log/client.rgw.a.log"
}
wait_osd_up() {
  for _ in $(seq 1 240); do
    run osd stat 2>/dev/null | grep -q '1 up' && return 0; sleep 0.5; done
  die "osd did not come up, see $D/log/osd.0.log"
}
start_mon() {
  pidfile_alive "$D/run/mon.a.pid" && return 0
  port_free_or_ours "$MON_PORT" "$D/run/mon.a.pid"
  log "starting ceph-mon on 127.0.0.1:$MON_PORT"
  ceph-mon -c "$C" -i a                                    # daemonizes, writes run/mon.a.pid
  for _ in $(seq 1 100); do pidfile_alive "$D/run/mon.a.pid" && break; sleep 0.1; done
}
start_osd() {
  pidfile_alive "$D/run/osd.0.pid" && return 0
  log "starting ceph-osd"
  ceph-osd -c "$C" -i 0 --keyring "$D/osd/osd.0/keyring" 2>>"$D/log/osd-start.log"
  for _ in $(seq 1 100); do pidfile_alive "$D/run/osd.0.pid" && break; sleep 0.1; done
}
start_rgw() {
  pidfile_alive "$D/run/client.rgw.a.pid" && return 0
  port_free_or_ours "$RGW_PORT" "$D/run/client.rgw.a.pid"
  port_free_or_ours "$RGW_TLS_PORT" "$D/run/client.rgw.a.pid"
  log "starting radosgw on 127.0.0.1:$RGW_PORT (https :$RGW_TLS_PORT)"
  radosgw -c "$C" -n client.rgw.a
  for _ in $(seq 1 100); do pidfile_alive "$D/run/client.rgw.a.pid" && break; sleep 0.1; done
}

# ---------------------------------------------------------------- first run: create the cluster
if [ ! -e "$D/.initialised" ]; then
  if [ -e "$D/mon" ]; then   # an earlier first run failed half-way: stop what it started, start afresh
    log "$D holds a half-created cluster: removing it (its logs go to $D/log.failed)"
    "$HERE/down.sh" >/dev/null 2>&1 || true; owner_set
    rm -rf "$D/log.failed"; [ -d "$D/log" ] && mv "$D/log" "$D/log.failed"
    rm -rf "$D"/{mon,osd,run,rgw,keyring,mon.keyring,monmap,ceph.conf}
  fi
  mkdir -p "$D"/{mon,osd,log,run,rgw}
  FSID=$(uuidgen)
  STS_KEY=$(openssl rand -hex 8)          # rgw_sts_key must be exactly 16 characters
  cat > "$C" <<CONF
[global]
fsid = $FSID
mon_host = v1:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
# without cluster_addr the OSD binds its cluster (heartbeat, replication) ports to 0.0.0.0
cluster_addr = 127.0.0.1
ms_bind_ipv4 = true
ms_bind_ipv6 = false
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $D/keyring
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
pid_file = $D/run/\$name.pid
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
auth_allow_insecure_global_id_reclaim = false
mon_data_avail_warn = 1
mon_data_avail_crit = 0
[mon]
mon_data = $D/mon/\$name
[osd]
osd_data = $D/osd/\$name
osd_objectstore = ${SPE_CEPH_OBJECTSTORE:-bluestore}
memstore_device_bytes = ${SPE_CEPH_MEMSTORE_BYTES:-6442450944}
bluestore_block_create = true
bluestore_block_size = ${SPE_CEPH_BLUESTORE_BYTES:-21474836480}
bluestore_fsck_on_mkfs = false
bluestore_fsck_on_mount = false
bluestore_cache_size = 268435456
osd_max_object_size = 134217728
osd_memory_target = 1073741824
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT ssl_endpoint=127.0.0.1:$RGW_TLS_PORT ssl_certificate=$D/rgw/cert.pem ssl_private_key=$D/rgw/key.pem
rgw_dns_name = localhost
rgw_data = $D/rgw
rgw_thread_pool_size = 64
rgw_sts_key = $STS_KEY
rgw_s3_auth_use_sts = true
rgw_crypt_require_ssl = true
rgw_enable_usage_log = false
rgw_gc_obj_min_wait = 30
rgw_gc_processor_period = 30
CONF
  ceph-authtool --create-keyring "$D/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool --create-keyring "$D/keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$D/mon.keyring" --import-keyring "$D/keyring" >/dev/null
  monmaptool --create --addv a "[v1:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap" >/dev/null
  ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" --keyring "$D/mon.keyring"
  start_mon
  log "mon up ($(since "$T0"))"

  OSD_UUID=$(uuidgen)
  OSD_SECRET=$(ceph-authtool --gen-print-key)
  ID=$(echo "{\"cephx_secret\": \"$OSD_SECRET\"}" | run osd new "$OSD_UUID" -i -)
  [ "$ID" = 0 ] || die "expected osd id 0, got '$ID'"
  mkdir -p "$D/osd/osd.0"
  ceph-authtool --create-keyring "$D/osd/osd.0/keyring" --name osd.0 --add-key "$OSD_SECRET" >/dev/null
  ceph-osd -c "$C" -i 0 --mkfs --osd-uuid "$OSD_UUID" --keyring "$D/osd/osd.0/keyring" \
    > "$D/log/osd-mkfs.log" 2>&1 || { cat "$D/log/osd-mkfs.log" >&2; die "osd mkfs failed"; }
  start_osd

  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/rgw/key.pem" -out "$D/rgw/cert.pem" -days 3650 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1
  run auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' mgr 'allow rw' >> "$D/keyring"
  wait_osd_up
  log "osd up ($(since "$T0"))"
  start_rgw
  wait_http "http://127.0.0.1:$RGW_PORT/" 120 || die "radosgw does not answer, see $D/log/client.rgw.a.log"
  log "radosgw answering ($(since "$T0"))"
  radosgw-admin -c "$C" user create --uid="$S3_UID" --display-name="SDK test" \
    --access-key="$AK" --secret-key="$SK" >/dev/null
  # IAM API rights: the test user registers OIDC providers and creates roles + role policies
  radosgw-admin -c "$C" caps add --uid="$S3_UID" --caps="roles=*;oidc-provider=*;user-policy=*" >/dev/null
  # The first bucket and the first object create radosgw's index and data pools (~4 s); do it
  # here, so that a test's first request is as fast as every later one.
  E=$(printf '' | sha256sum | cut -d' ' -f1); W="http://127.0.0.1:$RGW_PORT/spe-warmup"
  s3w() { curl -sS -f -o /dev/null --aws-sigv4 "aws:amz:$REGION:s3" --user "$AK:$SK" "$@"; }
  s3w -H "x-amz-content-sha256: $E" -X PUT "$W" &&
    s3w -H "x-amz-content-sha256: $E" -X PUT -H 'Content-Length: 0' "$W/o" &&
    s3w -H "x-amz-content-sha256: $E" -X DELETE "$W/o" &&
    s3w -H "x-amz-content-sha256: $E" -X DELETE "$W" || log "warning: S3 warm-up failed"
  log "S3 pools created ($(since "$T0"))"
  ensure_region
  if command -v keytool >/dev/null; then
    keytool -importcert -noprompt -alias spe-local-rgw -file "$D/rgw/cert.pem" \
      -keystore "$D/rgw/truststore.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1 || true
  fi
  touch "$D/.initialised"
else
  # ---------------------------------------------------------------- later runs: restart
  start_mon
  start_osd
  wait_osd_up
  start_rgw
  wait_http "http://127.0.0.1:$RGW_PORT/" 120 || die "radosgw does not answer, see $D/log/client.rgw.a.log"
  ensure_region
fi

# ---------------------------------------------------------------- smoke test + env for tests
# (radosgw requires x-amz-content-sha256 on SigV4 requests; curl's --aws-sigv4 does not add it)
code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$REGION:s3" --user "$AK:$SK" \
  -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" "http://127.0.0.1:$RGW_PORT/")
[ "$code" = 200 ] || die "signed ListBuckets returned HTTP $code"

env_vars=(
  SPE_S3_ENDPOINT="http://127.0.0.1:$RGW_PORT"
  SPE_S3_ENDPOINT_HTTPS="https://127.0.0.1:$RGW_TLS_PORT"
  SPE_S3_CA_CERT="$D/rgw/cert.pem"
  SPE_S3_REGION="$REGION"
  SPE_S3_ACCESS_KEY="$AK"
  SPE_S3_SECRET_KEY="$SK"
  SPE_S3_PATH_STYLE=true
  SPE_STS_ENDPOINT="http://127.0.0.1:$RGW_PORT"
  SPE_IAM_ENDPOINT="http://127.0.0.1:$RGW_PORT"
  SPE_STS_REGISTER_OIDC="$HERE/register-oidc.sh"
  SPE_CEPH_CONF="$C"
  # AWS CLI / AWS SDKs from 2025 on send CRC checksums by default, which radosgw 16.2 rejects
  AWS_REQUEST_CHECKSUM_CALCULATION=when_required
  AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
)
[ -s "$D/rgw/truststore.p12" ] && env_vars+=(SPE_S3_TRUSTSTORE="$D/rgw/truststore.p12" SPE_S3_TRUSTSTORE_PASSWORD=changeit)
write_env "$D/env.sh" "${env_vars[@]}"
log "ready after $(since "$T0"); env: $D/env.sh"
