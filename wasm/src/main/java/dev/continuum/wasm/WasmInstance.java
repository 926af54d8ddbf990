package dev.continuum.wasm;

import dev.continuum.wasm.capability.CapabilityHost;
import dev.continuum.wasm.memory.FlatMemory;
import dev.continuum.wasm.snapshot.InstanceSnapshot;
import dev.continuum.wasm.snapshot.InstanceSnapshot.GlobalValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import run.endive.runtime.Instance;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.ValType;

/**
 * A long-lived instance of a module, for services and reactors: calls into its exports keep their
 * state, and between calls its whole state can be captured ({@link #snapshot()},
 * {@link #snapshotDirty()}) and restored in another JVM ({@link WasmEngine#restore}).
 *
 * <pre>
 *   instantiate/restore --> READY --call()--> READY ... --close()--> CLOSED
 *                             |  snapshot(), snapshotDirty(), apply(delta)
 * </pre>
 *
 * <p>One thread at a time: calls and snapshots are serialised on this object. A call that traps
 * leaves the instance usable, as WebAssembly specifies; its memory keeps whatever the trap left.
 * Files and folders the guest opened are part of a snapshot (path, flags, position) and are
 * reopened on restore, so they must exist at the same guest paths on the new node (the agent moves
 * the instance's folder with it).
 */
public final class WasmInstance implements AutoCloseable {
    private static final byte[] ZERO_PAGE = new byte[FlatMemory.PAGE_BYTES];

    private final WasmEngine engine;
    private final LoadedModule module;
    private final WasiInvocation invocation;
    private final WasiSession session;
    private final CapabilityHost host;
    private final Instance instance;
    private long sequence;
    private boolean closed;

    WasmInstance(
            WasmEngine engine,
            LoadedModule module,
            WasiInvocation invocation,
            WasiSession session,
            CapabilityHost host,
            Instance instance) {
        this.engine = engine;
        this.module = module;
        this.invocation = invocation;
        this.session = session;
        this.host = host;
        this.instance = instance;
    }

    /** The module this instance runs. */
    public LoadedModule module() {
        return module;
    }

    /** How many snapshots this instance has taken or applied (0 for a fresh one). */
    public synchronized long sequence() {
        return sequence;
    }

    /**
     * Calls export {@code name} with raw arguments (i32/i64 as longs, floats as their bits), under
     * the invocation's deadline. Traps, exits and limits come back in the result, never thrown.
     */
    public synchronized CallResult call(String name, long... args) {
        if (closed) {
            throw new IllegalStateException("the instance is closed");
        }
        return engine.guarded(
                invocation, session, false, () -> instance.export(name).apply(args));
    }

    /** The memory pages changed since the last snapshot (all of them before the first). */
    public synchronized int[] dirtyPages() {
        return memory() == null ? new int[0] : memory().dirtyPages();
    }

    /** Captures the whole state; later {@link #snapshotDirty()} calls are relative to it. */
    public synchronized InstanceSnapshot snapshot() {
        return capture(false);
    }

    /** Captures only what changed since the previous snapshot: changed pages; globals, tables and host state whole. */
    public synchronized InstanceSnapshot snapshotDirty() {
        if (sequence == 0) {
            throw new IllegalStateException("take a full snapshot() first; an incremental one is relative to it");
        }
        return capture(true);
    }

    private InstanceSnapshot capture(boolean incremental) {
        var pages = new TreeMap<Integer, byte[]>();
        FlatMemory memory = memory();
        int memoryPages = memory == null ? 0 : memory.pages();
        if (memory != null) {
            byte[] buffer = memory.buffer();
            int[] candidates = incremental ? memory.dirtyPages() : allPages(memoryPages);
            for (int page : candidates) {
                int from = page * FlatMemory.PAGE_BYTES;
                if (incremental
                        || Arrays.mismatch(buffer, from, from + FlatMemory.PAGE_BYTES, ZERO_PAGE, 0, ZERO_PAGE.length)
                                >= 0) {
                    pages.put(page, Arrays.copyOfRange(buffer, from, from + FlatMemory.PAGE_BYTES));
                }
            }
            memory.clearDirty();
        }
        var globals = new ArrayList<GlobalValue>();
        for (int i = 0; i < instance.globalCount(); i++) {
            var global = instance.global(i);
            if (global.getMutabilityType() == MutabilityType.Var) {
                if (global.getRefValue() != null) {
                    throw new IllegalStateException(
                            "global " + i + " holds a host reference, which a snapshot cannot carry");
                }
                globals.add(new GlobalValue(i, global.getValueLow(), global.getValueHigh()));
            }
        }
        var tables = new ArrayList<int[]>();
        for (int t = 0; t < instance.tableCount(); t++) {
            var table = instance.table(t);
            int[] refs = new int[table.size()];
            for (int i = 0; i < refs.length; i++) {
                if (!table.elementType().equals(ValType.FuncRef) && table.objRef(i) != null) {
                    throw new IllegalStateException(
                            "table " + t + " holds host references, which a snapshot cannot carry");
                }
                refs[i] = table.ref(i);
            }
            tables.add(refs);
        }
        sequence++;
        return new InstanceSnapshot(
                module.digest(),
                sequence,
                incremental,
                memoryPages,
                pages,
                globals,
                tables,
                host.state(),
                invocation.args(),
                invocation.env(),
                preopenPaths(),
                session.openFiles());
    }

    private List<String> preopenPaths() {
        return List.copyOf(new java.util.TreeSet<>(invocation.preopens().keySet()));
    }

    private static int[] allPages(int count) {
        int[] pages = new int[count];
        for (int i = 0; i < count; i++) {
            pages[i] = i;
        }
        return pages;
    }

    /** Applies an incremental snapshot taken right after the one this instance is at. */
    public synchronized void apply(InstanceSnapshot delta) {
        if (!delta.incremental()) {
            throw new IllegalArgumentException(
                    "apply() takes incremental snapshots; restore a full one with WasmEngine.restore");
        }
        if (delta.sequence() != sequence + 1) {
            throw new IllegalArgumentException(
                    "this instance is at snapshot " + sequence + "; the delta follows " + (delta.sequence() - 1));
        }
        load(delta);
    }

    /** Makes this (fresh) instance's state that of {@code snapshot}. */
    void load(InstanceSnapshot snapshot) {
        if (!snapshot.moduleDigest().equals(module.digest())) {
            throw new IllegalArgumentException(
                    "the snapshot is of module " + snapshot.moduleDigest() + ", not " + module.digest());
        }
        FlatMemory memory = memory();
        if (memory != null) {
            memory.resize(snapshot.memoryPages());
            byte[] zero = ZERO_PAGE;
            for (int page = 0; page < snapshot.memoryPages(); page++) {
                byte[] content = snapshot.pages().get(page);
                if (content != null) {
                    memory.writePage(page, content, 0);
                } else if (!snapshot.incremental()) {
                    memory.writePage(page, zero, 0);
                }
            }
            memory.clearDirty();
        } else if (snapshot.memoryPages() != 0) {
            throw new IllegalArgumentException("the snapshot has memory but this instance has none");
        }
        for (var global : snapshot.globals()) {
            var target = instance.global(global.index());
            target.setValueLow(global.low());
            target.setValueHigh(global.high());
        }
        for (int t = 0; t < snapshot.tables().size(); t++) {
            var table = instance.table(t);
            int[] refs = snapshot.tables().get(t);
            if (refs.length > table.size()) {
                table.grow(refs.length - table.size(), -1, instance);
            }
            for (int i = 0; i < refs.length; i++) {
                table.setRef(i, refs[i], instance);
            }
        }
        host.restore(snapshot.host());
        if (!snapshot.preopens().equals(preopenPaths())) {
            throw new IllegalArgumentException("the snapshot was taken with preopened folders " + snapshot.preopens()
                    + " but this instance has " + preopenPaths() + "; give it the same guest paths");
        }
        session.restoreFiles(snapshot.files());
        sequence = snapshot.sequence();
    }

    private FlatMemory memory() {
        try {
            return instance.memory() instanceof FlatMemory flat ? flat : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            host.close();
            session.close();
        }
    }
}
