#!/usr/bin/env bash
# Check that a service started by <svc>/up.sh answers the way the integration tests need it.
#
#   smoke-test.sh slurm       sinfo; sbatch over ssh as the test user; slurmrestd ping + submit (JWT)
#   smoke-test.sh ceph        signed S3 bucket create, put, get (http and https)
#   smoke-test.sh keycloak    device-flow logins of alice and bob (sub, AARC-G069 entitlements);
#                             token exchange and client-credentials token of spe-service
#   smoke-test.sh ceph-sts    (ceph + keycloak up) register Keycloak with radosgw, then
#                             AssumeRoleWithWebIdentity with the user's token and S3 put/get
#   smoke-test.sh openstack   Keystone token with the application credential; in full mode a
#                             server reaching ACTIVE through the openstack CLI, then deleted
#
# Uses $SPE_LOCAL_DIR/<svc>/env.sh (default <repo>/.spe-local); exits non-zero on the first
# failed check. Usually called as: scripts/services smoke SERVICE
set -euo pipefail
SVC=smoke
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/common.sh"
spe_init
T0=$(now_ms)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
ok() { log "ok: $* ($(since "$T0"))"; }
load() { [ -s "$SPE_LOCAL_DIR/$1/env.sh" ] || die "$SPE_LOCAL_DIR/$1/env.sh missing: run scripts/services up $1"; . "$SPE_LOCAL_DIR/$1/env.sh"; }
claims() { cut -d. -f2 <<<"$1" | tr '_-' '/+' | { b=$(cat); while [ $(( ${#b} % 4 )) != 0 ]; do b+="="; done; base64 -d <<<"$b"; } 2>/dev/null; }
EMPTY_SHA=$(printf '' | sha256sum | cut -d' ' -f1)

# s3 ACCESS SECRET [SESSION_TOKEN] -- curl-args...: SigV4-signed request; radosgw needs
# x-amz-content-sha256, which curl's --aws-sigv4 does not add by itself
s3() {
  local ak=$1 sk=$2 tok=${3:-}; shift 3
  local hdr=(-H "x-amz-content-sha256: ${S3_PAYLOAD_SHA:-$EMPTY_SHA}")
  [ -n "$tok" ] && hdr+=(-H "x-amz-security-token: $tok")
  curl -sS --fail-with-body --aws-sigv4 "aws:amz:${SPE_S3_REGION:-us-east-1}:s3" --user "$ak:$sk" "${hdr[@]}" "$@"
}
s3_roundtrip() { # ak sk token endpoint bucket [curl-opts]
  local ak=$1 sk=$2 tok=$3 ep=$4 b=$5; shift 5
  local body="smoke $(date +%s%N)"
  s3 "$ak" "$sk" "$tok" "$@" -X PUT "$ep/$b" -o /dev/null
  S3_PAYLOAD_SHA=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1) \
    s3 "$ak" "$sk" "$tok" "$@" -X PUT -H 'Content-Type: text/plain' --data-binary "$body" "$ep/$b/hello.txt" -o /dev/null
  [ "$(s3 "$ak" "$sk" "$tok" "$@" "$ep/$b/hello.txt")" = "$body" ] || die "object read back differs"
}

case ${1:-} in
slurm)
  load slurm
  sinfo -h -o '%P %a %T' | grep -q 'debug\* up idle' || die "partition debug not up/idle: $(sinfo -h)"
  ok "sinfo"
  out=$(ssh -p "$SPE_SLURM_SSH_PORT" -i "$SPE_SLURM_SSH_KEY" -o UserKnownHostsFile="$SPE_SLURM_SSH_KNOWN_HOSTS" \
    -o StrictHostKeyChecking=yes -o BatchMode=yes "$SPE_SLURM_SSH_USER@$SPE_SLURM_SSH_HOST" \
    'cd /tmp && jid=$(sbatch --parsable -o /tmp/smoke-%j.out --wrap "echo smoke-ok") &&
     for i in $(seq 100); do squeue -h -j $jid | grep -q . || break; sleep 0.1; done &&
     cat /tmp/smoke-$jid.out && rm -f /tmp/smoke-$jid.out')
  [ "$out" = smoke-ok ] || die "sbatch over ssh: '$out'"
  ok "ssh $SPE_SLURM_SSH_USER@$SPE_SLURM_SSH_HOST:$SPE_SLURM_SSH_PORT + sbatch, job finished"
  auth=(-H "X-SLURM-USER-NAME: $SPE_SLURMRESTD_USER" -H "X-SLURM-USER-TOKEN: $SPE_SLURM_JWT")
  curl -fsS "${auth[@]}" "$SPE_SLURMRESTD_URL/slurm/v0.0.38/ping" | jq -e '.pings[0].ping == "UP"' >/dev/null
  H=$(getent passwd "$SPE_SLURMRESTD_USER" | cut -d: -f6)
  jid=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -X POST "$SPE_SLURMRESTD_URL/slurm/v0.0.38/job/submit" \
    -d "{\"job\":{\"name\":\"smoke\",\"current_working_directory\":\"$H\",\"environment\":{\"PATH\":\"/usr/bin:/bin\"},
         \"standard_output\":\"/dev/null\"},\"script\":\"#!/bin/bash\\ntrue\"}" | jq -e .job_id)
  for _ in $(seq 1 50); do
    st=$(curl -fsS "${auth[@]}" "$SPE_SLURMRESTD_URL/slurm/v0.0.38/job/$jid" | jq -r '.jobs[0].job_state')
    [ "$st" = COMPLETED ] && break; sleep 0.2
  done
  [ "$st" = COMPLETED ] || die "job $jid submitted through slurmrestd is $st"
  ok "slurmrestd ping + submit (job $jid COMPLETED)"
  ;;
ceph)
  load ceph
  b=smoke-$(date +%s)
  s3_roundtrip "$SPE_S3_ACCESS_KEY" "$SPE_S3_SECRET_KEY" "" "$SPE_S3_ENDPOINT" "$b"
  ok "S3 bucket + put + get on $SPE_S3_ENDPOINT"
  s3_roundtrip "$SPE_S3_ACCESS_KEY" "$SPE_S3_SECRET_KEY" "" "$SPE_S3_ENDPOINT_HTTPS" "$b-tls" --cacert "$SPE_S3_CA_CERT"
  ok "S3 bucket + put + get on $SPE_S3_ENDPOINT_HTTPS"
  # minio-java (and AWS SDKs outside us-east-1) always name the region when creating a bucket
  lc="<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>$SPE_S3_REGION</LocationConstraint></CreateBucketConfiguration>"
  S3_PAYLOAD_SHA=$(printf '%s' "$lc" | sha256sum | cut -d' ' -f1) \
    s3 "$SPE_S3_ACCESS_KEY" "$SPE_S3_SECRET_KEY" "" -X PUT --data-binary "$lc" "$SPE_S3_ENDPOINT/$b-lc" -o /dev/null
  ok "S3 bucket with LocationConstraint=$SPE_S3_REGION"
  ;;
keycloak)
  load keycloak
  tok=$("$SPE_OIDC_DEVICE_LOGIN" | jq -r .access_token)
  c=$(claims "$tok")
  jq -e --arg u "$SPE_OIDC_USER" --arg s "$SPE_OIDC_USER_SUB" --arg a "$SPE_OIDC_AUDIENCE" --arg z "$SPE_OIDC_CLIENT_ID" \
    '.preferred_username == $u and .sub == $s and .azp == $z and ([.aud] | flatten | index($a))' <<<"$c" >/dev/null ||
    die "device-flow token of $SPE_OIDC_USER has unexpected claims: $c"
  want=$(tr ' ' '\n' <<<"$SPE_OIDC_USER_ENTITLEMENTS" | sort | jq -Rsc 'split("\n") | map(select(. != ""))')
  jq -e --argjson w "$want" '(.eduperson_entitlement | sort) == $w' <<<"$c" >/dev/null ||
    die "eduperson_entitlement of $SPE_OIDC_USER: $(jq -c .eduperson_entitlement <<<"$c"), expected $want"
  jq -e '.eduperson_entitlement | all(test("^urn:geant:lifescience-ri\\.eu:(group|res):[^#]+#aai\\.lifescience-ri\\.eu$"))' <<<"$c" >/dev/null ||
    die "entitlements are not AARC-G069 shaped"
  ok "device flow: access token for $SPE_OIDC_USER (sub, aud, $(jq length <<<"$want") entitlements)"
  c2=$(claims "$("$SPE_OIDC_DEVICE_LOGIN" "$SPE_OIDC_USER2" "$SPE_OIDC_PASSWORD2" | jq -r .access_token)")
  jq -e --arg u "$SPE_OIDC_USER2" --arg e "${SPE_OIDC_USER2_ENTITLEMENTS%% *}" \
    '.preferred_username == $u and (.eduperson_entitlement | index($e))' <<<"$c2" >/dev/null ||
    die "device-flow token of $SPE_OIDC_USER2 has unexpected claims: $c2"
  ok "device flow: access token for $SPE_OIDC_USER2 with its own entitlements"
  TOKEN_EP=$SPE_OIDC_ISSUER/protocol/openid-connect/token
  xt=$(curl -fsS -u "$SPE_OIDC_SERVICE_CLIENT_ID:$SPE_OIDC_SERVICE_CLIENT_SECRET" \
    -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange --data-urlencode "subject_token=$tok" \
    -d subject_token_type=urn:ietf:params:oauth:token-type:access_token "$TOKEN_EP" | jq -r .access_token)
  jq -e --arg s "$SPE_OIDC_USER_SUB" --arg z "$SPE_OIDC_SERVICE_CLIENT_ID" '.sub == $s and .azp == $z and (.eduperson_entitlement | length > 0)' \
    <<<"$(claims "$xt")" >/dev/null || die "exchanged token: $(claims "$xt")"
  ok "token exchange by $SPE_OIDC_SERVICE_CLIENT_ID (sub kept, azp=$SPE_OIDC_SERVICE_CLIENT_ID)"
  act=$(curl -fsS -u "$SPE_OIDC_SERVICE_CLIENT_ID:$SPE_OIDC_SERVICE_CLIENT_SECRET" --data-urlencode "token=$tok" \
    "$SPE_OIDC_ISSUER/protocol/openid-connect/token/introspect" | jq -r .active)
  [ "$act" = true ] || die "introspection says active=$act"
  ok "introspection by $SPE_OIDC_SERVICE_CLIENT_ID"
  curl -fsS -u "$SPE_OIDC_SERVICE_CLIENT_ID:$SPE_OIDC_SERVICE_CLIENT_SECRET" -d grant_type=client_credentials \
    "$TOKEN_EP" | jq -e .access_token >/dev/null
  ok "client credentials for $SPE_OIDC_SERVICE_CLIENT_ID"
  ;;
ceph-sts)
  load ceph; load keycloak
  role=$("$SPE_STS_REGISTER_OIDC" "$SPE_OIDC_ISSUER" "$SPE_OIDC_AUDIENCE")
  ok "issuer registered, role $role"
  jwt=$("$SPE_OIDC_DEVICE_LOGIN" | jq -r .access_token)
  curl -sS -o "$TMP/sts.xml" -w '%{http_code}' -X POST "$SPE_STS_ENDPOINT/" \
    --data-urlencode Action=AssumeRoleWithWebIdentity --data-urlencode Version=2011-06-15 \
    --data-urlencode "RoleArn=$role" --data-urlencode RoleSessionName=smoke \
    --data-urlencode DurationSeconds=3600 --data-urlencode "WebIdentityToken=$jwt" > "$TMP/code"
  [ "$(cat "$TMP/code")" = 200 ] || die "AssumeRoleWithWebIdentity: HTTP $(cat "$TMP/code") $(cat "$TMP/sts.xml")"
  tag() { sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" "$TMP/sts.xml"; }
  ok "AssumeRoleWithWebIdentity -> $(tag Arn)"
  s3_roundtrip "$(tag AccessKeyId)" "$(tag SecretAccessKey)" "$(tag SessionToken)" "$SPE_S3_ENDPOINT" "sts-smoke-$(date +%s)"
  ok "S3 bucket + put + get with the temporary credentials"
  ;;
openstack)
  load openstack
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "$OS_AUTH_URL/auth/tokens" \
    -d "{\"auth\":{\"identity\":{\"methods\":[\"application_credential\"],\"application_credential\":
        {\"id\":\"$OS_APPLICATION_CREDENTIAL_ID\",\"secret\":\"$OS_APPLICATION_CREDENTIAL_SECRET\"}}}}")
  [ "$code" = 201 ] || die "token with the application credential: HTTP $code"
  ok "Keystone token with the application credential"
  if [ "$SPE_OS_MODE" = full ]; then
    export PYTHONWARNINGS=ignore
    name=smoke-$(date +%s)
    st=$(timeout 180 openstack server create --flavor "$SPE_OS_FLAVOR" --image "$SPE_OS_IMAGE" \
      --network "$SPE_OS_NETWORK" --wait -f value -c status "$name" 2>/dev/null | tail -1 || true)
    [ "$st" = ACTIVE ] || die "server $name is '$st'"
    ok "server $name ACTIVE"
    timeout 180 openstack server delete --wait "$name"
    ok "server $name deleted"
  fi
  ;;
*) sed -n "2,14p" "$0" >&2; exit 2 ;;
esac
