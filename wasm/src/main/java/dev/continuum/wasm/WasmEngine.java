package dev.continuum.wasm;

import dev.continuum.wasm.ExitStatus.Outcome;
import dev.continuum.wasm.cache.DiskClassCache;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.CapabilityHost;
import dev.continuum.wasm.compile.ModuleCompiler;
import dev.continuum.wasm.memory.FlatMemory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Instance;
import run.endive.wasm.types.MemoryLimits;

/**
 * Continuum's WebAssembly engine: takes module bytes in, checks and compiles them once per digest,
 * and runs WASI programs with limits.
 *
 * <pre>
 *   bytes --load()--> intake limits --> decode + validate --> link check --> compile (disk cache)
 *                                                                              |
 *   LoadedModule (kept in memory by digest) <-----------------------------------+
 *        |
 *        +--run(module, invocation)--> fresh instance --> _start --> ExitStatus
 * </pre>
 *
 * <p>Thread-safe: any number of threads may load and run at once. Each run executes on the
 * calling thread. Guest faults (traps, exit codes, exceeded limits, deadlines) come back as
 * {@link ExitStatus} values; only a module that cannot be accepted throws
 * ({@link ModuleRejectedException}). Closing the engine stops its deadline timer; runs already in
 * progress finish without a deadline.
 */
public final class WasmEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WasmEngine.class);
    private final WasmEngineOptions options;
    private final ModuleIntake intake;
    private final DiskClassCache diskCache;
    private final Map<String, LoadedModule> loaded;
    private final ConcurrentHashMap<String, CompletableFuture<LoadedModule>> loading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines;
    private final java.util.concurrent.ExecutorService prewarmer;
    private final ConcurrentHashMap<String, InstancePool> pools = new ConcurrentHashMap<>();

    public WasmEngine(WasmEngineOptions options) {
        this.options = options;
        this.diskCache = options.cacheDir() == null
                ? null
                : new DiskClassCache(
                        options.cacheDir(), run.endive.wasm.Version.version() + "-" + ModuleCompiler.PROFILE);
        this.intake = new ModuleIntake(options, diskCache);
        int capacity = options.maxLoadedModules();
        this.loaded = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedModule> eldest) {
                return size() > capacity;
            }
        });
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "continuum-wasm-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Most runs end before their deadline; drop their timers at once instead of keeping every
        // cancelled one queued until it would have fired (thousands per second on a busy gateway).
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        this.prewarmer = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "continuum-wasm-prewarm");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The options this engine was made with. */
    public WasmEngineOptions options() {
        return options;
    }

    /** The disk cache of compiled classes, or null when the engine keeps them in memory only. */
    public DiskClassCache diskCache() {
        return diskCache;
    }

    /**
     * Checks, decodes, validates and compiles {@code bytes}, or returns the module already loaded
     * with the same digest. Concurrent loads of the same bytes compile once.
     *
     * @throws ModuleRejectedException with the reason when the bytes cannot be accepted
     */
    public LoadedModule load(byte[] bytes) {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256(bytes));
        var cached = loaded.get(digest);
        if (cached != null) {
            return cached;
        }
        var mine = new CompletableFuture<LoadedModule>();
        var existing = loading.putIfAbsent(digest, mine);
        if (existing != null) {
            return awaitLoad(existing);
        }
        try {
            var module = loaded.get(digest);
            if (module == null) {
                module = intake.accept(digest, bytes);
                loaded.put(digest, module);
            }
            mine.complete(module);
            return module;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(digest, mine);
        }
    }

    private static LoadedModule awaitLoad(CompletableFuture<LoadedModule> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Runs the WASI command {@code _start} of {@code module} to completion on the calling thread, in
     * a fresh instance. Never throws for what the guest does: traps, exit codes, exceeded limits, the
     * deadline and an interrupt of the calling thread all come back as an {@link ExitStatus}. An
     * interrupt that arrived from outside stays set on the thread when this returns.
     */
    public ExitStatus run(LoadedModule module, WasiInvocation invocation) {
        return run(module, invocation, Capabilities.none());
    }

    /**
     * Checks that {@code grant} covers every {@code continuum.*} function {@code module} imports.
     * The agent calls this when it accepts an Instance, so a missing grant is reported before any
     * request arrives.
     *
     * @throws ModuleRejectedException naming the first import the grant does not cover
     */
    public void link(LoadedModule module, Capabilities grant) {
        HostFunctions.checkGranted(module, grant);
    }

    /**
     * As {@link #run(LoadedModule, WasiInvocation)}, with the host capabilities of {@code grant}.
     *
     * @throws ModuleRejectedException when the module imports a capability {@code grant} lacks
     *     (see {@link #link}); this is the only exception, and it comes before the guest starts
     */
    public ExitStatus run(LoadedModule module, WasiInvocation invocation, Capabilities grant) {
        return run(module, invocation, grant, RunLimits.of(options));
    }

    /**
     * As {@link #run(LoadedModule, WasiInvocation, Capabilities)}, with tighter limits for this run
     * (a component's own memory limit, say); the engine's options still cap them.
     */
    public ExitStatus run(LoadedModule module, WasiInvocation invocation, Capabilities grant, RunLimits limits) {
        HostFunctions.checkGranted(module, grant);
        var effective = limits.within(options);
        long started = System.nanoTime();
        try (var session = new WasiSession(invocation, effective.maxOutputBytes());
                var capabilities = new CapabilityHost(grant);
                var guard = RunGuard.start(invocation.deadline(), deadlines)) {
            try {
                if (guard.interruptedBefore()) {
                    return ExitStatus.stopped(
                            Outcome.INTERRUPTED,
                            "the calling thread was interrupted before the run",
                            RunOutcomes.since(started));
                }
                Instance instance;
                try {
                    instance = freshInstance(module, session, capabilities, effective);
                } catch (RuntimeException e) {
                    return RunOutcomes.classify(e, guard, invocation, started, true);
                }
                if (!module.exportsFunction("_start")) {
                    return ExitStatus.stopped(
                            Outcome.START_FAILED,
                            "module exports no _start function; build it as a WASI command",
                            RunOutcomes.since(started));
                }
                instance.export("_start").apply();
                return ExitStatus.exited(0, RunOutcomes.since(started));
            } catch (RuntimeException | StackOverflowError e) {
                return RunOutcomes.classify(e, guard, invocation, started, false);
            } finally {
                session.flush();
            }
        }
    }

    /**
     * Creates a long-lived instance (a service, or a reactor called export by export): instantiates
     * the module with {@code invocation}'s WASI context and {@code grant}, and calls its
     * {@code _initialize} export when it has one (the WASI reactor convention). The caller closes it.
     *
     * @throws ModuleRejectedException when the module imports a capability {@code grant} lacks
     * @throws InstantiationException when the start function or {@code _initialize} fails
     */
    public WasmInstance instantiate(LoadedModule module, WasiInvocation invocation, Capabilities grant) {
        return instantiate(module, invocation, grant, RunLimits.of(options));
    }

    /** As {@link #instantiate(LoadedModule, WasiInvocation, Capabilities)}, with tighter limits. */
    public WasmInstance instantiate(
            LoadedModule module, WasiInvocation invocation, Capabilities grant, RunLimits limits) {
        return open(module, invocation, grant, null, limits.within(options));
    }

    /**
     * Re-creates an instance from a full snapshot (possibly taken in another JVM): a fresh instance
     * whose memory, globals, tables and host state become the snapshot's. {@code _initialize} is not
     * called again. Apply later incremental snapshots with {@link WasmInstance#apply}.
     *
     * @throws IllegalArgumentException when the snapshot is incremental or of another module
     */
    public WasmInstance restore(
            LoadedModule module,
            dev.continuum.wasm.snapshot.InstanceSnapshot snapshot,
            WasiInvocation invocation,
            Capabilities grant) {
        return restore(module, snapshot, invocation, grant, RunLimits.of(options));
    }

    /** As {@link #restore(LoadedModule, dev.continuum.wasm.snapshot.InstanceSnapshot, WasiInvocation, Capabilities)}, with tighter limits. */
    public WasmInstance restore(
            LoadedModule module,
            dev.continuum.wasm.snapshot.InstanceSnapshot snapshot,
            WasiInvocation invocation,
            Capabilities grant,
            RunLimits limits) {
        if (snapshot.incremental()) {
            throw new IllegalArgumentException(
                    "restore needs a full snapshot; apply incremental ones to the restored instance");
        }
        if (!snapshot.moduleDigest().equals(module.digest())) {
            throw new IllegalArgumentException(
                    "the snapshot is of module " + snapshot.moduleDigest() + ", not " + module.digest());
        }
        return open(module, invocation, grant, snapshot, limits.within(options));
    }

    private WasmInstance open(
            LoadedModule module,
            WasiInvocation invocation,
            Capabilities grant,
            dev.continuum.wasm.snapshot.InstanceSnapshot snapshot,
            RunLimits limits) {
        HostFunctions.checkGranted(module, grant);
        var session = new WasiSession(invocation, limits.maxOutputBytes());
        var host = new CapabilityHost(grant);
        var created = new Instance[1];
        var started = guarded(invocation, session, true, () -> {
            created[0] = instantiate(module, session, host, limits.maxMemoryPages());
            if (snapshot == null && module.exportsFunction("_initialize")) {
                created[0].export("_initialize").apply();
            }
            return new long[0];
        });
        if (!started.success()) {
            host.close();
            session.close();
            throw new InstantiationException(started.status());
        }
        var instance = new WasmInstance(this, module, invocation, session, host, created[0]);
        if (snapshot != null) {
            try {
                instance.load(snapshot);
            } catch (RuntimeException e) {
                instance.close();
                throw e;
            }
        }
        return instance;
    }

    /** Runs {@code body} on the calling thread under the invocation's deadline; the outcome is a value. */
    CallResult guarded(
            WasiInvocation invocation,
            WasiSession session,
            boolean starting,
            java.util.function.Supplier<long[]> body) {
        long started = System.nanoTime();
        try (var guard = RunGuard.start(invocation.deadline(), deadlines)) {
            if (guard.interruptedBefore()) {
                return new CallResult(
                        null,
                        ExitStatus.stopped(
                                Outcome.INTERRUPTED,
                                "the calling thread was interrupted before the call",
                                RunOutcomes.since(started)));
            }
            try {
                return new CallResult(body.get(), ExitStatus.exited(0, RunOutcomes.since(started)));
            } catch (RuntimeException | StackOverflowError e) {
                return new CallResult(null, RunOutcomes.classify(e, guard, invocation, started, starting));
            } finally {
                session.flush();
            }
        }
    }

    /**
     * A never-used instance bound to this run: from the module's pre-warmed pool when pooling pays
     * (the module has no start section to run before binding), else built now.
     */
    private Instance freshInstance(
            LoadedModule module, WasiSession session, CapabilityHost capabilities, RunLimits limits) {
        if (options.prewarmedInstances() == 0
                || module.wasm().startSection().isPresent()
                || limits.maxMemoryPages() != options.maxMemoryPages()) {
            return instantiate(module, session, capabilities, limits.maxMemoryPages());
        }
        var pool = pools.get(module.digest());
        if (pool == null) {
            pools.keySet().removeIf(digest -> !loaded.containsKey(digest));
            pool = pools.computeIfAbsent(
                    module.digest(),
                    digest -> new InstancePool(options.prewarmedInstances(), () -> pooledInstance(module), prewarmer));
        }
        var pooled = pool.take();
        var functions = new ArrayList<run.endive.runtime.HostFunction>(List.of(session.functions()));
        var wanted = HostFunctions.capabilityImports(module);
        if (!wanted.isEmpty()) {
            functions.addAll(capabilities.functions(wanted));
        }
        pooled.slot().bind(functions);
        return pooled.instance();
    }

    private InstancePool.Pooled pooledInstance(LoadedModule module) {
        var slot = new ImportSlot();
        int maxPages = options.maxMemoryPages();
        var instance = Instance.builder(module.wasm())
                .withImportValues(slot.imports(module))
                .withMachineFactory(module.machineFactory())
                .withMemoryFactory(limits -> memoryFor(limits, maxPages))
                .withStart(false)
                .build();
        return new InstancePool.Pooled(instance, slot);
    }

    private Instance instantiate(LoadedModule module, WasiSession session, CapabilityHost capabilities, int maxPages) {
        return Instance.builder(module.wasm())
                .withImportValues(HostFunctions.imports(module, session, capabilities))
                .withMachineFactory(module.machineFactory())
                .withMemoryFactory(limits -> memoryFor(limits, maxPages))
                .withStart(false)
                .build();
    }

    /** A flat memory, except for shared memories (threads), which Endive's own memory handles. */
    static run.endive.runtime.Memory memoryFor(MemoryLimits limits, int maxPages) {
        if (limits.shared()) {
            return new ByteArrayMemory(
                    new MemoryLimits(limits.initialPages(), Math.min(limits.maximumPages(), maxPages), true));
        }
        return new FlatMemory(limits, maxPages);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stops the deadline timer. Loaded modules stay usable by runs already in progress. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        prewarmer.shutdownNow();
        pools.clear();
        loaded.clear();
    }
}
