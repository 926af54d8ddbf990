#!/bin/sh
# Builds the benchmark programs twice: to wasm32-wasi with clang -O2 (what Continuum and Node.js
# run) and natively with gcc -O2 (the baseline). Output in bench/wasm/build/ (not committed).
# Needs: apt-get install clang lld wasi-libc gcc
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
mkdir -p "$out/wasm" "$out/native"
for src in "$here"/src/*.c; do
    name="$(basename "$src" .c)"
    clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o "$out/wasm/$name.wasm" "$src"
    gcc -O2 -o "$out/native/$name" "$src" -lm
done
# The cold-start program is the hello example, natively linked statically for the container.
gcc -O2 -static -o "$out/native/hello" "$here/../../examples/hello/hello.c"
cp "$here/../../examples/hello/hello.wasm" "$out/wasm/hello.wasm"
