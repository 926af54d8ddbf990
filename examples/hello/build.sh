#!/bin/sh
# Builds hello.wasm from hello.c with Debian's clang, lld and wasi-libc
# (apt-get install clang lld wasi-libc). The result is committed, so users need no toolchain;
# the examples tests check that a fresh build gives the same bytes.
set -eu
cd "$(dirname "$0")"
out="${1:-hello.wasm}"
clang --target=wasm32-wasi --sysroot=/usr -O2 \
    -Wall -Wextra -Werror \
    -Wl,--strip-all -Wl,--gc-sections \
    -o "$out" hello.c
