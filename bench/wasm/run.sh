#!/usr/bin/env bash
# One command for the WebAssembly engine benchmarks (see BENCHMARKS.md): builds the programs and
# the benchmark jar, then runs native, Node.js and Continuum side by side and prints the report.
# Optional arguments: warm-up runs, measured runs, cold-start runs, compile runs, runc runs.
# Needs: clang lld wasi-libc gcc nodejs (>= 20), a JDK 25, and for the container baseline
# runc + busybox-static, as root.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
continuum_find_jdk
java_home="$JAVA_HOME"
"$here/build.sh"
if [ ! -f "$root/bench/target/benchmarks.jar" ] || [ -n "$(find "$root/bench/src" "$root/wasm/src/main" -newer "$root/bench/target/benchmarks.jar" -name '*.java' | head -1)" ]; then
    (cd "$root" && JAVA_HOME="$java_home" mvn -B -ntp -q -pl wasm install -DskipTests -Dquick \
        && JAVA_HOME="$java_home" mvn -B -ntp -q -pl bench package -Dquick)
fi
exec node --no-warnings "$here/run-all.mjs" "$java_home/bin/java" "$root/bench/target/benchmarks.jar" "$@"
