# shellcheck shell=sh
# Sourced by ./mvnw and bin/* scripts: exports JAVA_HOME pointing at a JDK >= 25.
# Order: JAVA_HOME if it already is one; else the newest JDK >= 25 in the system's JVM
# directory (/usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines).
audit_jdk_feature() {
  # prints the feature version (17, 21, 25...) of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
audit_find_jdk() {
  required=25
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(audit_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$required" ]; then return 0; fi
  fi
  best=""; best_v=0
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$dir" ] || continue
    v=$(audit_jdk_feature "$dir")
    if [ -n "$v" ] && [ "$v" -ge "$required" ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "Audit Search needs a JDK >= $required: JAVA_HOME (${JAVA_HOME:-unset}) is not one and none was found" >&2
    echo "under /usr/lib/jvm, /usr/java or /opt/java. Install one (e.g. apt-get install openjdk-25-jdk-headless)" >&2
    echo "or point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
case $- in *f*) audit_noglob=1 ;; *) audit_noglob=0 ;; esac
set +f
audit_find_jdk || exit 1
[ "$audit_noglob" = 1 ] && set -f
unset audit_noglob
