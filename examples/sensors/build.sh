#!/bin/sh
# Builds sensors.wasm from sensors.c with Debian's clang, lld and wasi-libc; the continuum.h header
# makes the continuum_* functions imports of the "continuum" module. The result is committed.
set -eu
cd "$(dirname "$0")"
out="${1:-sensors.wasm}"
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -I ../include \
    -Wl,--strip-all -Wl,--gc-sections \
    -o "$out" sensors.c
