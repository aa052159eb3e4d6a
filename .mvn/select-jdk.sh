# Sourced by ./mvnw and .ci/run (POSIX sh). The build needs a JDK >= 21. When JAVA_HOME
# (or the java on PATH) is older, the newest JDK >= 21 found in the usual places is used.
# Set SPE_JAVA_HOME to force one.
spe_java_major() { # path-to-java -> major version, or 0
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}
spe_select_jdk() {
  if [ -n "${SPE_JAVA_HOME-}" ]; then JAVA_HOME=$SPE_JAVA_HOME; export JAVA_HOME; return 0; fi
  _spe_java=
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then _spe_java=$JAVA_HOME/bin/java
  else _spe_java=$(command -v java 2>/dev/null || true); fi
  if [ -n "$_spe_java" ] && [ "$(spe_java_major "$_spe_java")" -ge 21 ]; then return 0; fi
  _spe_best= _spe_best_v=0
  case $- in *f*) _spe_noglob=1; set +f ;; *) _spe_noglob=0 ;; esac
  for _spe_d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$_spe_d/bin/javac" ] || continue
    _spe_v=$(spe_java_major "$_spe_d/bin/java")
    if [ "$_spe_v" -ge 21 ] && [ "$_spe_v" -gt "$_spe_best_v" ]; then _spe_best=$_spe_d _spe_best_v=$_spe_v; fi
  done
  [ "$_spe_noglob" = 0 ] || set -f
  if [ -n "$_spe_best" ]; then
    JAVA_HOME=$(cd "$_spe_best" && pwd -P); export JAVA_HOME
  else
    echo "The SPE SDK needs a JDK 21 or newer: none found (set JAVA_HOME or SPE_JAVA_HOME)." >&2
    return 1
  fi
}
spe_select_jdk
