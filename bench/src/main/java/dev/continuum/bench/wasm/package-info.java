/** Benchmarks of the WebAssembly engine: CPU-bound programs against Node.js and native, and cold start. */
package dev.continuum.bench.wasm;
