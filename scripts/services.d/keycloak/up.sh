#!/usr/bin/env bash
# Keycloak (Quarkus distribution, dev mode, H2 file database) on 127.0.0.1 for OIDC tests,
# with the realm from spe-realm.json imported on first start.
# The distribution zip comes from Maven Central through Maven's dependency plugin, run with the
# project's wrapper (./mvnw) under `flock /tmp/spe-maven.lock` (one Maven at a time on this
# machine); it is cached in the local Maven repository. Keycloak 26 needs Java 21+: when `java` is older, the newest
# JDK >= 21 under /usr/lib/jvm is used. Root is not needed unless packages must be installed.
# Idempotent: a live Keycloak started by this script is left alone.
#
# Variables (defaults):
#   SPE_LOCAL_DIR (<repo>/.spe-local)  distribution + state under $SPE_LOCAL_DIR/keycloak
#   SPE_KC_VERSION (26.7.3)  SPE_KC_PORT (18080)  SPE_KC_MGMT_PORT (19000)
#   SPE_KC_REALM_FILE (spe-realm.json next to this script; imported only into an empty database)
#   SPE_KC_ADMIN_USER (admin) SPE_KC_ADMIN_PASSWORD (admin)   bootstrap admin of the master realm
#   SPE_KC_JAVA_HOME                   JDK to run Keycloak with (skips the search)
#   SPE_KC_HEAP (-Xms64m -Xmx512m)
#   SPE_MAVEN_LOCK (/tmp/spe-maven.lock)
#
# up.sh --packages prints the Debian packages it needs and exits.
set -euo pipefail
SVC=keycloak
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../common.sh"
[ "${1:-}" = --packages ] && { echo curl jq openssl unzip iproute2 util-linux; exit 0; }
spe_init
T0=$(now_ms)

V=${SPE_KC_VERSION:-26.7.3}
PORT=${SPE_KC_PORT:-18080}
MGMT=${SPE_KC_MGMT_PORT:-19000}
REALM_FILE=${SPE_KC_REALM_FILE:-$HERE/spe-realm.json}
ADMIN_USER=${SPE_KC_ADMIN_USER:-admin}
ADMIN_PASS=${SPE_KC_ADMIN_PASSWORD:-admin}
D=$SVC_DIR
KC=$D/keycloak-$V
BASE_URL=http://127.0.0.1:$PORT
mkdir -p "$D/run"
cmd_ensure curl:curl jq:jq openssl:openssl unzip:unzip ss:iproute2 flock:util-linux
REALM=$(jq -r .realm "$REALM_FILE")
ISSUER=$BASE_URL/realms/$REALM

# ---------------------------------------------------------------- JDK >= 21
java_major() { # path-to-java -> major version, e.g. 17, 21, 25
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {v=$2; sub(/^1\./, "", v); print int(v); exit}'
}
pick_java_home() {
  local j best= bestv=0 v
  if [ -n "${SPE_KC_JAVA_HOME:-}" ]; then echo "$SPE_KC_JAVA_HOME"; return; fi
  for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)"; do
    [ -x "$j" ] || continue
    v=$(java_major "$j"); [ "${v:-0}" -ge 21 ] && { dirname "$(dirname "$(readlink -f "$j")")"; return; }
  done
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$(java_major "$j"); [ "${v:-0}" -gt "$bestv" ] && { bestv=$v; best=$j; }
  done
  [ "$bestv" -ge 21 ] || return 1
  dirname "$(dirname "$(readlink -f "$best")")"
}
KC_JAVA_HOME=$(pick_java_home) || die "Keycloak $V needs Java 21+: none found (java on PATH, JAVA_HOME, /usr/lib/jvm); set SPE_KC_JAVA_HOME"

# ---------------------------------------------------------------- distribution
if [ ! -x "$KC/bin/kc.sh" ]; then
  LOCK=${SPE_MAVEN_LOCK:-/tmp/spe-maven.lock}
  log "fetching org.keycloak:keycloak-quarkus-dist:$V:zip with ./mvnw (waits for $LOCK)"
  # run outside the project (no pom in $D): the copy goal needs none, and the reactor's
  # own configuration must not get in the way; mvnw picks a JDK >= 21 itself
  ( cd "$D" && flock "$LOCK" "$SPE_REPO_ROOT/mvnw" -q -B \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$V:zip" -DoutputDirectory="$D/dist" ) >"$D/mvn.log" 2>&1 \
    || { tail -20 "$D/mvn.log" >&2; die "Maven could not fetch keycloak-quarkus-dist $V"; }
  log "zip fetched ($(since "$T0"))"
  rm -rf "$KC.tmp"; mkdir -p "$KC.tmp"
  unzip -q "$D/dist/keycloak-quarkus-dist-$V.zip" -d "$KC.tmp"
  mv "$KC.tmp/keycloak-$V" "$KC"; rmdir "$KC.tmp"; rm -rf "$D/dist"
  log "unpacked to $KC ($(since "$T0"))"
fi

# ---------------------------------------------------------------- start
PIDF=$D/run/keycloak.pid
if ! pidfile_alive "$PIDF"; then
  port_free_or_ours "$PORT" "$PIDF"
  port_free_or_ours "$MGMT" "$PIDF"
  mkdir -p "$KC/data/import"
  cp "$REALM_FILE" "$KC/data/import/"
  log "starting Keycloak $V on $BASE_URL (management :$MGMT) with $KC_JAVA_HOME"
  # --hostname pins the issuer: without it the "iss" of a token depends on the host name the
  # client used (127.0.0.1 vs localhost). setsid: kc.sh and its JVM form one process group.
  JAVA_HOME=$KC_JAVA_HOME JAVA_OPTS_KC_HEAP=${SPE_KC_HEAP:--Xms64m -Xmx512m} \
  KC_BOOTSTRAP_ADMIN_USERNAME=$ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASS \
    setsid "$KC/bin/kc.sh" start-dev --hostname="$BASE_URL" --http-host=127.0.0.1 --http-port="$PORT" \
      --http-management-port="$MGMT" --health-enabled=true --import-realm \
      >>"$D/keycloak.log" 2>&1 </dev/null &
  echo $! > "$PIDF"
  owner_set
fi
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$MGMT/health/ready" >/dev/null &&
     curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null; then break; fi
  pidfile_alive "$PIDF" || { tail -30 "$D/keycloak.log" >&2; die "Keycloak exited"; }
  sleep 0.25
done
curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null || die "Keycloak not ready, see $D/keycloak.log"
log "realm $REALM ready ($(since "$T0"))"

# ---------------------------------------------------------------- env for tests
JWKS_URI=$(curl -fsS "$ISSUER/.well-known/openid-configuration" | jq -r .jwks_uri)
# SHA-1 thumbprint of the signing certificate (x5c), what radosgw's OIDC provider registration needs
THUMB=$(curl -fsS "$JWKS_URI" | jq -r '[.keys[] | select(.use == "sig" and .kty == "RSA")][0].x5c[0] // empty' |
  { read -r c && [ -n "$c" ] && printf -- '-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n' "$c" |
    openssl x509 -noout -fingerprint -sha1 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f'; } || true)
# users[0] is the main test user (alice), users[1] a second one (bob) with other entitlements
user_field() { jq -r ".users[$1].$2 // empty" "$REALM_FILE"; }
user_pw() { jq -r ".users[$1].credentials[0].value // empty" "$REALM_FILE"; }
user_ent() { jq -r ".users[$1].attributes.eduperson_entitlement // [] | join(\" \")" "$REALM_FILE"; }
write_env "$D/env.sh" \
  SPE_KC_URL="$BASE_URL" \
  SPE_KC_MGMT_URL="http://127.0.0.1:$MGMT" \
  SPE_KC_REALM="$REALM" \
  SPE_KC_ADMIN_USER="$ADMIN_USER" \
  SPE_KC_ADMIN_PASSWORD="$ADMIN_PASS" \
  SPE_OIDC_ISSUER="$ISSUER" \
  SPE_OIDC_DISCOVERY_URL="$ISSUER/.well-known/openid-configuration" \
  SPE_OIDC_JWKS_URI="$JWKS_URI" \
  SPE_OIDC_JWKS_SHA1_THUMBPRINT="$THUMB" \
  SPE_OIDC_CLIENT_ID=spe-cli \
  SPE_OIDC_AUDIENCE=spe-service \
  SPE_OIDC_SERVICE_CLIENT_ID=spe-service \
  SPE_OIDC_SERVICE_CLIENT_SECRET="$(jq -r '.clients[] | select(.clientId == "spe-service") | .secret' "$REALM_FILE")" \
  SPE_OIDC_USER="$(user_field 0 username)" \
  SPE_OIDC_PASSWORD="$(user_pw 0)" \
  SPE_OIDC_USER_EMAIL="$(user_field 0 email)" \
  SPE_OIDC_USER_SUB="$(user_field 0 id)" \
  SPE_OIDC_USER_ENTITLEMENTS="$(user_ent 0)" \
  SPE_OIDC_USER2="$(user_field 1 username)" \
  SPE_OIDC_PASSWORD2="$(user_pw 1)" \
  SPE_OIDC_USER2_EMAIL="$(user_field 1 email)" \
  SPE_OIDC_USER2_SUB="$(user_field 1 id)" \
  SPE_OIDC_USER2_ENTITLEMENTS="$(user_ent 1)" \
  SPE_OIDC_SERVICE_ENTITLEMENTS="$(jq -r '.users[] | select(.serviceAccountClientId == "spe-service") | .attributes.eduperson_entitlement // [] | join(" ")' "$REALM_FILE")" \
  SPE_OIDC_DEVICE_LOGIN="$HERE/device-login.sh"
log "ready after $(since "$T0"); env: $D/env.sh"
