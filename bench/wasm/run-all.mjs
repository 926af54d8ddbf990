// Runs the WebAssembly engine benchmarks end to end and prints a Markdown report:
//  1. each CPU-bound program natively (gcc -O2), under Node.js (node:wasi) and under Continuum's
//     engine, checking that all three print the same output, with the ratio of each to native;
//  2. cold start of the hello function on the engine (compile excluded / from disk / included)
//     against starting the same program as a runc container with a busybox root file system.
// Usage (run.sh does this): node run-all.mjs <java> <benchmarks.jar> [warmup] [runs] [coldRuns] [compileRuns] [runcRuns]
// With BASELINE_JAR=<an older benchmarks.jar> (and BASELINE_FLAGS, its JVM flags, space-separated)
// the engine runs of that build alternate with this one's (two JVMs each) and the table gains a
// "before" column: before/after ratios measured in the same run.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const [java, jar, warmup = '3', runs = '7', coldRuns = '5000', compileRuns = '100', runcRuns = '100'] = process.argv.slice(2);
const programs = ['fib', 'sha256', 'matmul', 'tokenizer', 'nbody'];
const build = join(here, 'build');
// The JIT settings the engine is measured with (see docs/architecture/wasm.md, "Speed").
const jvmFlags = ['-XX:-ClipInlining', '-XX:MaxTrivialSize=60', '-XX:-DontCompileHugeMethods', '-XX:MaxRecursiveInlineLevel=3'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))]; };
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const fmt = (x, d = 1) => x.toFixed(d);

function native(program) {
  const ms = [];
  let output = '';
  for (let i = 0; i < Number(warmup) + Number(runs); i++) {
    const started = performance.now();
    const result = spawnSync(join(build, 'native', program), [], { encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${program} (native) failed: ${result.stderr}`);
    if (i >= Number(warmup)) ms.push(elapsed);
    output = result.stdout;
  }
  return { ms, output };
}

function jsonLines(text) {
  return text.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

function nodeRun(program) {
  const out = execFileSync(process.execPath, ['--no-warnings', '--expose-gc', join(here, 'run-node.mjs'), join(build, 'wasm', `${program}.wasm`), warmup, runs], { encoding: 'utf8' });
  return jsonLines(out)[0];
}

function engineRuns(flags = jvmFlags, jarPath = jar) {
  const out = execFileSync(java, [...flags, '-cp', jarPath, 'dev.continuum.bench.wasm.EngineThroughputBench', join(build, 'wasm'), warmup, runs, ...programs],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  return Object.fromEntries(jsonLines(out).map((r) => [r.program, r]));
}

// Runs of both builds, alternating JVMs, merged per program (outputs must agree within a build).
function alternatedEngineRuns(baselineJar, baselineFlags) {
  const merged = { current: {}, baseline: {} };
  for (let round = 0; round < 2; round++) {
    const order = round % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
    for (const which of order) {
      const result = which === 'current' ? engineRuns() : engineRuns(baselineFlags, baselineJar);
      for (const [program, r] of Object.entries(result)) {
        const into = merged[which][program] ??= { program, ms: [], output: r.output };
        into.ms.push(...r.ms);
        if (into.output !== r.output) into.output = 'outputs differ between JVMs';
      }
    }
  }
  return merged;
}

function coldStart() {
  const cache = mkdtempSync(join(tmpdir(), 'continuum-cold-'));
  const out = execFileSync(java, [...jvmFlags, '-cp', jar, 'dev.continuum.bench.wasm.ColdStartBench', join(build, 'wasm', 'hello.wasm'), coldRuns, compileRuns, cache],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  rmSync(cache, { recursive: true, force: true });
  return Object.fromEntries(jsonLines(out).map((r) => [r.case, r]));
}

function runcStart() {
  const runc = ['/usr/sbin/runc', '/usr/bin/runc'].find(existsSync);
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find(existsSync);
  if (!runc || !busybox) return { skipped: 'runc or busybox-static is not installed (apt-get install -y runc busybox-static)' };
  const bundle = mkdtempSync(join(tmpdir(), 'continuum-runc-'));
  mkdirSync(join(bundle, 'rootfs', 'bin'), { recursive: true });
  copyFileSync(busybox, join(bundle, 'rootfs', 'bin', 'busybox'));
  copyFileSync(join(build, 'native', 'hello'), join(bundle, 'rootfs', 'hello'));
  execFileSync(runc, ['spec'], { cwd: bundle });
  const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  config.process.terminal = false;
  config.process.args = ['/hello'];
  config.process.env = ['PATH=/bin', 'REQUEST_METHOD=GET', 'QUERY_STRING=name=edge'];
  config.root.readonly = true;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
  const us = [];
  for (let i = 0; i < Number(runcRuns) + 5; i++) {
    const started = performance.now();
    const result = spawnSync(runc, ['run', '--bundle', bundle, `continuum-bench-${process.pid}-${i}`], { encoding: 'utf8' });
    const elapsed = (performance.now() - started) * 1000;
    if (result.status !== 0 || !result.stdout.endsWith('Hello, edge!\n')) {
      rmSync(bundle, { recursive: true, force: true });
      return { skipped: `runc run failed here: ${result.stderr.trim()}` };
    }
    if (i >= 5) us.push(elapsed);
  }
  rmSync(bundle, { recursive: true, force: true });
  return { p50_us: pct(us, 50), p99_us: pct(us, 99), runs: us.length };
}

const machine = {
  cpus: cpus().length,
  model: cpus()[0].model,
  java: execFileSync(java, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '',
  load: loadavg().map((l) => l.toFixed(2)).join(' '),
};
const javaVersion = spawnSync(java, ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];

console.error('running native and Node.js...');
const results = programs.map((p) => ({ program: p, native: native(p), node: nodeRun(p) }));
console.error('running Continuum...');
const baselineJar = process.env.BASELINE_JAR;
const baselineFlags = (process.env.BASELINE_FLAGS ?? jvmFlags.join(' ')).split(' ').filter((f) => f);
const both = baselineJar ? alternatedEngineRuns(baselineJar, baselineFlags) : null;
const engine = both ? both.current : engineRuns();
const before = both ? both.baseline : null;
console.error('measuring cold start...');
const cold = coldStart();
const container = runcStart();
const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`Machine: ${machine.cpus} CPUs, ${machine.model}; ${javaVersion}; Node.js ${process.version}; load average before/after: ${machine.load} / ${loadAfter}`);
console.log(`JVM flags for the engine: ${jvmFlags.join(' ')}; ${warmup} warm-up runs, median of ${runs}${before ? ' per JVM, two JVMs per build alternating' : ''}.`);
if (before) console.log(`Before: ${baselineJar} with ${baselineFlags.join(' ')}.`);
console.log('');
const beforeHead = before ? ' before (ms) | before / native |' : '';
const beforeRule = before ? ' --- | --- |' : '';
console.log(`| program | native gcc -O2 (ms) | Node.js (ms) |${beforeHead} Continuum (ms) | Continuum / native | Node.js / native | Continuum / Node.js | outputs equal |`);
console.log(`| --- | --- | --- |${beforeRule} --- | --- | --- | --- | --- |`);
const ratiosEngine = [];
const ratiosNode = [];
const ratiosBefore = [];
for (const r of results) {
  const e = engine[r.program];
  const n = median(r.native.ms), v = median(r.node.ms), c = median(e.ms);
  let same = r.native.output === r.node.output && r.native.output === e.output;
  let beforeCells = '';
  if (before) {
    const b = median(before[r.program].ms);
    same = same && before[r.program].output === e.output;
    ratiosBefore.push(b / n);
    beforeCells = ` ${fmt(b)} | ${fmt(b / n, 2)}x |`;
  }
  ratiosEngine.push(c / n);
  ratiosNode.push(v / n);
  console.log(`| ${r.program} | ${fmt(n)} | ${fmt(v)} |${beforeCells} ${fmt(c)} | ${fmt(c / n, 2)}x | ${fmt(v / n, 2)}x | ${fmt(c / v, 2)}x | ${same ? 'yes' : 'NO'} |`);
}
const beforeMean = before ? ` | **${fmt(geomean(ratiosBefore), 2)}x** |` : '';
console.log(`| **geometric mean** | | |${beforeMean} | **${fmt(geomean(ratiosEngine), 2)}x** | **${fmt(geomean(ratiosNode), 2)}x** | **${fmt(geomean(ratiosEngine) / geomean(ratiosNode), 2)}x** | |`);
console.log('');
console.log('| cold start of hello (instantiate + run `_start`) | runs | p50 | p99 |');
console.log('| --- | --- | --- | --- |');
console.log(`| Continuum, compile excluded (instance built per request, the default) | ${cold.excluded.runs} | ${fmt(cold.excluded.p50_us)} µs | ${fmt(cold.excluded.p99_us)} µs |`);
console.log(`| Continuum, compile excluded, pre-warmed instance (2 per module) | ${cold['excluded-prewarmed'].runs} | ${fmt(cold['excluded-prewarmed'].p50_us)} µs | ${fmt(cold['excluded-prewarmed'].p99_us)} µs |`);
console.log(`| Continuum, new engine, classes from the disk cache | ${cold.disk.runs} | ${fmt(cold.disk.p50_us / 1000, 2)} ms | ${fmt(cold.disk.p99_us / 1000, 2)} ms |`);
console.log(`| Continuum, new engine, parse + compile included | ${cold.included.runs} | ${fmt(cold.included.p50_us / 1000, 2)} ms | ${fmt(cold.included.p99_us / 1000, 2)} ms |`);
if (container.skipped) {
  console.log(`| runc container (busybox rootfs, static hello) | skipped: ${container.skipped} | | |`);
} else {
  console.log(`| runc container (busybox rootfs, static hello) | ${container.runs} | ${fmt(container.p50_us / 1000, 2)} ms | ${fmt(container.p99_us / 1000, 2)} ms |`);
  console.log('');
  console.log(`Cold start, compile excluded, is ${fmt(container.p50_us / cold.excluded.p50_us, 0)}x faster than a runc container start at p50.`);
}
