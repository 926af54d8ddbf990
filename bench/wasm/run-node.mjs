// Runs one WASI program under Node.js (V8) the way Continuum's harness runs it under the engine:
// compile once, then instantiate and run _start per iteration. Prints one JSON line:
// {"program": ..., "ms": [per measured run], "output": <stdout of the last run>}.
// Usage: node --expose-gc run-node.mjs <module.wasm> <warmup> <runs> [args...]
import { readFileSync, openSync, closeSync, readFileSync as read, mkdtempSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { performance } from 'node:perf_hooks';

const [file, warmup, runs, ...args] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(file));
const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-'));
let output = '';
const ms = [];
for (let i = 0; i < Number(warmup) + Number(runs); i++) {
  const outPath = join(dir, `out-${i}`);
  const fd = openSync(outPath, 'w');
  const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {}, stdout: fd, returnOnExit: true });
  const started = performance.now();
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  wasi.start(instance);
  const elapsed = performance.now() - started;
  closeSync(fd);
  // Each instance reserves a large virtual region for its memory; collect it before the next run
  // so that V8 does not run out of address space (it aborts instead of throwing).
  globalThis.gc?.();
  if (i >= Number(warmup)) ms.push(elapsed);
  output = read(outPath, 'utf8');
}
console.log(JSON.stringify({ program: basename(file, '.wasm'), ms, output }));
