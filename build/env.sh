# shellcheck shell=bash
# Sourced by ./proxima and the build scripts. Sets JAVA_HOME to a JDK 21+ found on this machine
# (JAVA_HOME if it qualifies, then java on PATH, then the newest under /usr/lib/jvm) and makes
# sure Maven is there. Defines run_mvn / exec_mvn, which run Maven on that JDK.

java_major() { # prints the major version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

find_jdk() {
  local candidates=() j
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -Vr); do candidates+=("${j%/}"); done
  for j in "${candidates[@]}"; do
    if [ -x "$j/bin/java" ] && [ -x "$j/bin/javac" ] && [ "$(java_major "$j/bin/java")" -ge 21 ] 2>/dev/null; then
      echo "$j"; return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(find_jdk)"; then
  echo "proxima: no JDK 21+ found (looked at \$JAVA_HOME, javac on PATH, /usr/lib/jvm/*)." >&2
  echo "proxima: install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME

if ! command -v mvn >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "proxima: installing maven (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven) >&2
  else
    echo "proxima: Maven not found; install it (apt-get install maven)" >&2; exit 2
  fi
fi

# Maven 3.9.6+ is needed (io.github.ascopes:protobuf-maven-plugin requires it). An older mvn (Debian
# ships 3.8.7) fetches Maven 3.9.16 from Maven Central once, into ~/.m2, and that one is used.
MAVEN_WANTED=3.9.16
mvn_version() { "$1" -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9][0-9.]*\).*/\1/p' | head -1; }
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }
MVN="$(command -v mvn)"
if ! version_ge "$(mvn_version "$MVN")" 3.9.6; then
  home="$HOME/.m2/proxima-maven/apache-maven-$MAVEN_WANTED"
  if [ ! -x "$home/bin/mvn" ]; then
    echo "proxima: $("$MVN" -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g') is too old; fetching Maven $MAVEN_WANTED from Maven Central" >&2
    JAVA_HOME="$JAVA_HOME" "$MVN" -q -B org.apache.maven.plugins:maven-dependency-plugin:3.9.0:get \
      -Dartifact="org.apache.maven:apache-maven:$MAVEN_WANTED:tar.gz:bin" -Dtransitive=false >&2
    mkdir -p "$HOME/.m2/proxima-maven"
    tar -xzf "$HOME/.m2/repository/org/apache/maven/apache-maven/$MAVEN_WANTED/apache-maven-$MAVEN_WANTED-bin.tar.gz" \
      -C "$HOME/.m2/proxima-maven"
  fi
  MVN="$home/bin/mvn"
fi

JAVA_MAJOR="$(java_major "$JAVA_HOME/bin/java")"
if [ "$JAVA_MAJOR" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
fi

# The JVM flags Proxima's own runs get: ./proxima, and the Proxima servers the bench scripts start.
# - -Xms16m: the heap starts small and G1 grows it when its GC time asks for more. The default
#   initial heap is 1/64 of RAM (376 MiB on a 24 GiB machine), a floor that a server allocating
#   about 2 KB per call touches in full as its young generation cycles; the maximum is untouched.
# - JDK 24+: quiets the warning protobuf-java 3.25's use of sun.misc.Unsafe prints on every run.
# PROXIMA_JAVA_OPTS, given to ./proxima after these, overrides them (e.g. PROXIMA_JAVA_OPTS=-Xms1g).
PROXIMA_JVM_FLAGS=(-Xms16m)
if [ "$JAVA_MAJOR" -ge 24 ]; then PROXIMA_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi

# The Maven in use, for tests that run Maven themselves (examples' FreshProjectTest).
export PROXIMA_MVN="$MVN"

run_mvn() { JAVA_HOME="$JAVA_HOME" "$MVN" "$@"; }
exec_mvn() { JAVA_HOME="$JAVA_HOME" exec "$MVN" "$@"; }
