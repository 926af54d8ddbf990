#!/bin/sh
# One command for the WebAssembly engine benchmarks (see BENCHMARKS.md): builds the programs and
# the benchmark jar, then runs native, Node.js and Continuum side by side and prints the report.
# Optional arguments: warm-up runs, measured runs, cold-start runs, compile runs, runc runs.
# Needs: clang lld wasi-libc gcc nodejs (>= 20), a JDK 25, and for the container baseline
# runc + busybox-static, as root.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java_home="${JAVA_HOME:-}"
if [ -z "$java_home" ] || ! "$java_home/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
        if [ -x "$candidate/bin/java" ]; then java_home="$candidate"; break; fi
    done
fi
[ -x "$java_home/bin/java" ] || { echo "no JDK 25 found; set JAVA_HOME" >&2; exit 1; }
"$here/build.sh"
if [ ! -f "$root/bench/target/benchmarks.jar" ] || [ -n "$(find "$root/bench/src" "$root/wasm/src/main" -newer "$root/bench/target/benchmarks.jar" -name '*.java' | head -1)" ]; then
    (cd "$root" && JAVA_HOME="$java_home" mvn -B -ntp -q -pl wasm install -DskipTests -Dquick \
        && JAVA_HOME="$java_home" mvn -B -ntp -q -pl bench package -Dquick)
fi
exec node --no-warnings "$here/run-all.mjs" "$java_home/bin/java" "$root/bench/target/benchmarks.jar" "$@"
