#!/bin/sh
# Rebuilds the autonomy tests' module from its C source with Debian's clang, lld and wasi-libc
# (apt-get install clang lld wasi-libc). The built .wasm is committed so the tests need no toolchain.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror \
    -Wl,--strip-all -Wl,--gc-sections -o ticker.wasm ticker.c
