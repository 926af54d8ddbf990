/**
 * Continuum's WebAssembly engine on Endive: intake checks, compile once per digest (memory and
 * disk), WASI runs with limits, as values ({@link dev.continuum.wasm.ExitStatus}) rather than
 * exceptions. Start at {@link dev.continuum.wasm.WasmEngine}.
 */
package dev.continuum.wasm;
