# Sourced by ./continuum and ./test: sets JAVA_HOME to a JDK of version 25 or newer.
# Order: $JAVA_HOME, then `java` on the PATH, then the usual install folders. Prints why it failed.

continuum_java_major() { # $1: path to a java binary; prints its major version
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

continuum_find_jdk() {
  local want=25 candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(continuum_java_major "$candidate/bin/java")
    major=${major%%.*}
    if [ -n "$major" ] && [ "$major" -ge "$want" ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "continuum: no JDK $want or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm)." >&2
  echo "continuum: install one (e.g. Temurin $want) or point JAVA_HOME at it." >&2
  return 1
}
