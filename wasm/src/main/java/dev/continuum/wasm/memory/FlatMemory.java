package dev.continuum.wasm.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import run.endive.runtime.ConstantEvaluators;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmRuntimeException;
import run.endive.wasm.UninstantiableException;
import run.endive.wasm.types.ActiveDataSegment;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.PassiveDataSegment;

/**
 * A linear memory kept in one flat {@code byte[]} and read through little-endian VarHandle views:
 * one bounds check and one array access per load or store, where Endive's paged memories pay a
 * page lookup and a straddle check (see {@code notes/wasm-performance.md}: 2-3.6x on CPU-bound
 * code).
 *
 * <p>Three things on top of the WebAssembly semantics:
 * <ul>
 *   <li><b>Capacity-based growth.</b> The array is over-allocated (1.5x) so that a program growing
 *       one page at a time does not copy its whole memory on every {@code memory.grow}. Accesses
 *       are checked against the current size, never the capacity.
 *   <li><b>An engine cap.</b> Growth past the module's own declared maximum returns -1 as the
 *       specification says; growth past the engine's page cap traps with
 *       {@link MemoryLimitExceededException}, so a run that hits the cap ends with a typed outcome
 *       instead of a confusing out-of-memory inside the guest.
 *   <li><b>Dirty pages, at no cost to stores.</b> {@link #clearDirty()} keeps a baseline copy of
 *       the memory; {@link #dirtyPages()} compares the memory with it page by page (a vectorised
 *       {@code Arrays.mismatch}), so a snapshot can copy only the pages changed since the previous
 *       one. Marking pages on every store instead cost up to 1.7x on store-heavy code (n-body),
 *       every run paying for what only migrations use; the comparison costs a pass over memory
 *       per snapshot, and the baseline exists only for instances that were snapshotted.
 * </ul>
 *
 * <p>Not thread-safe: an instance runs on one thread at a time. Shared memories (the threads
 * proposal) use Endive's own memory instead.
 */
public final class FlatMemory implements Memory {
    /** Bytes in one WebAssembly page. */
    public static final int PAGE_BYTES = Memory.PAGE_SIZE;

    private static final int PAGE_SHIFT = 16;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private final int maximumPages;
    private final int capPages;
    private byte[] buffer;
    private int size;
    private int pages;
    /** The contents at the last {@link #clearDirty()}, or null before the first. */
    private byte[] baseline;

    private int baselineSize;
    /** True until the first bulk write: a fresh array is already zero, so {@link #zero()} can skip it. */
    private boolean untouched = true;

    private DataSegment[] dataSegments = new DataSegment[0];

    /**
     * A memory of {@code limits.initialPages()} pages that may grow to the module's maximum, but
     * traps when growth would pass {@code capPages}.
     */
    public FlatMemory(MemoryLimits limits, int capPages) {
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), Memory.RUNTIME_MAX_PAGES);
        this.capPages = Math.min(capPages, Memory.RUNTIME_MAX_PAGES);
        this.pages = limits.initialPages();
        if (pages > this.capPages) {
            throw new MemoryLimitExceededException(pages, this.capPages);
        }
        this.size = pages * PAGE_BYTES;
        this.buffer = new byte[size];
    }

    /** The bytes currently addressable (a copy is never made; callers must not keep it across grows). */
    public byte[] buffer() {
        return buffer;
    }

    /** Size in bytes. */
    public int sizeInBytes() {
        return size;
    }

    /** The page cap this memory traps at. */
    public int capPages() {
        return capPages;
    }

    /**
     * Pages whose contents differ from those at the last {@link #clearDirty()} (all pages before the
     * first), in ascending order. A page written back to its old contents does not count.
     */
    public int[] dirtyPages() {
        var pagesChanged = new int[pages];
        int count = 0;
        for (int p = 0; p < pages; p++) {
            int from = p * PAGE_BYTES;
            int to = from + PAGE_BYTES;
            if (baseline == null || to > baselineSize || Arrays.mismatch(buffer, from, to, baseline, from, to) >= 0) {
                pagesChanged[count++] = p;
            }
        }
        return Arrays.copyOf(pagesChanged, count);
    }

    /** Takes the current contents as the baseline: the next {@link #dirtyPages()} reports only later changes. */
    public void clearDirty() {
        if (baseline == null || baseline.length < size) {
            baseline = Arrays.copyOf(buffer, size);
        } else {
            System.arraycopy(buffer, 0, baseline, 0, size);
        }
        baselineSize = size;
    }

    /** Replaces page {@code page}'s bytes (used by restore). */
    public void writePage(int page, byte[] source, int offset) {
        write(page * PAGE_BYTES, source, offset, PAGE_BYTES);
    }

    /** Grows (or keeps) the memory to exactly {@code targetPages}, used by restore. */
    public void resize(int targetPages) {
        if (targetPages < pages) {
            throw new IllegalArgumentException("a memory cannot shrink: " + pages + " -> " + targetPages);
        }
        if (targetPages > pages && grow(targetPages - pages) < 0) {
            throw new IllegalArgumentException(
                    "cannot grow to " + targetPages + " pages; the maximum is " + maximumPages);
        }
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int delta) {
        int previous = pages;
        long wanted = (long) previous + delta;
        if (delta < 0 || wanted > maximumPages) {
            return -1;
        }
        if (wanted > capPages) {
            throw new MemoryLimitExceededException((int) wanted, capPages);
        }
        int newSize = (int) wanted * PAGE_BYTES;
        if (newSize > buffer.length) {
            long roomy = Math.max(newSize, Math.min((long) buffer.length * 3 / 2, (long) capPages * PAGE_BYTES));
            int capacity = (int) Math.min(roomy, (long) Math.min(maximumPages, capPages) * PAGE_BYTES);
            buffer = Arrays.copyOf(buffer, Math.max(capacity, newSize));
        }
        pages = (int) wanted;
        size = newSize;
        return previous;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    // Abstract in Endive 1.0.0 although deprecated there; a non-shared memory has no waiters.
    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    // Abstract in Endive 1.0.0 although deprecated there; a non-shared memory has no waiters.
    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("attempt to wait on a non-shared memory");
    }

    // Abstract in Endive 1.0.0 although deprecated there; a non-shared memory has no waiters.
    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("attempt to wait on a non-shared memory");
    }

    // Abstract in Endive 1.0.0 although deprecated there; a non-shared memory has no waiters.
    @Override
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        // The instance's own array: Instance.dropDataSegment writes into it, so keep it shared.
        this.dataSegments = segments == null ? new DataSegment[0] : segments;
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment active && active.index() == memoryIndex) {
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (outOfBounds(offset, data.length)) {
                    throw new UninstantiableException(
                            "out of bounds memory access: data segment at " + Integer.toUnsignedString(offset) + " of "
                                    + data.length + " bytes does not fit " + size + " bytes");
                }
                write(offset, data, 0, data.length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw outOfBoundsTrap(offset, length);
        }
        write(dest, data, offset, length);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    private boolean outOfBounds(int addr, int length) {
        return addr < 0 || length < 0 || addr > size - length;
    }

    private WasmRuntimeException outOfBoundsTrap(int addr, int length) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                + Integer.toUnsignedString(addr) + " but limit is: " + size + " and size: " + length);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > data.length || outOfBounds(addr, length)) {
            throw outOfBoundsTrap(addr, length);
        }
        System.arraycopy(data, offset, buffer, addr, length);
        untouched = false;
    }

    @Override
    public byte read(int addr) {
        if (addr < 0 || addr >= size) {
            throw outOfBoundsTrap(addr, 1);
        }
        return buffer[addr];
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        if (outOfBounds(addr, length)) {
            throw outOfBoundsTrap(addr, length);
        }
        return Arrays.copyOfRange(buffer, addr, addr + length);
    }

    @Override
    public void writeI32(int addr, int value) {
        if (addr < 0 || addr > size - 4) {
            throw outOfBoundsTrap(addr, 4);
        }
        INT.set(buffer, addr, value);
    }

    @Override
    public int readInt(int addr) {
        if (addr < 0 || addr > size - 4) {
            throw outOfBoundsTrap(addr, 4);
        }
        return (int) INT.get(buffer, addr);
    }

    @Override
    public void writeLong(int addr, long value) {
        if (addr < 0 || addr > size - 8) {
            throw outOfBoundsTrap(addr, 8);
        }
        LONG.set(buffer, addr, value);
    }

    @Override
    public long readLong(int addr) {
        if (addr < 0 || addr > size - 8) {
            throw outOfBoundsTrap(addr, 8);
        }
        return (long) LONG.get(buffer, addr);
    }

    @Override
    public void writeShort(int addr, short value) {
        if (addr < 0 || addr > size - 2) {
            throw outOfBoundsTrap(addr, 2);
        }
        SHORT.set(buffer, addr, value);
    }

    @Override
    public short readShort(int addr) {
        if (addr < 0 || addr > size - 2) {
            throw outOfBoundsTrap(addr, 2);
        }
        return (short) SHORT.get(buffer, addr);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xffffL;
    }

    @Override
    public void writeByte(int addr, byte value) {
        if (addr < 0 || addr >= size) {
            throw outOfBoundsTrap(addr, 1);
        }
        buffer[addr] = value;
    }

    @Override
    public void writeF32(int addr, float value) {
        if (addr < 0 || addr > size - 4) {
            throw outOfBoundsTrap(addr, 4);
        }
        FLOAT.set(buffer, addr, value);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr) & 0xffff_ffffL;
    }

    @Override
    public float readFloat(int addr) {
        if (addr < 0 || addr > size - 4) {
            throw outOfBoundsTrap(addr, 4);
        }
        return (float) FLOAT.get(buffer, addr);
    }

    @Override
    public void writeF64(int addr, double value) {
        if (addr < 0 || addr > size - 8) {
            throw outOfBoundsTrap(addr, 8);
        }
        DOUBLE.set(buffer, addr, value);
    }

    @Override
    public double readDouble(int addr) {
        if (addr < 0 || addr > size - 8) {
            throw outOfBoundsTrap(addr, 8);
        }
        return (double) DOUBLE.get(buffer, addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    /**
     * Clears the memory. Endive calls this on every new memory before writing its data segments; a
     * memory that has seen no write yet is already zero (a new Java array), so that costs nothing.
     */
    @Override
    public void zero() {
        if (!untouched) {
            Arrays.fill(buffer, 0, size, (byte) 0);
        }
    }

    /** Fills {@code [from, to)}; Endive passes an end index here, not a length. */
    @Override
    public void fill(byte value, int from, int to) {
        int length = to - from;
        if (outOfBounds(from, length)) {
            throw outOfBoundsTrap(from, length);
        }
        Arrays.fill(buffer, from, to, value);
        untouched = false;
    }

    @Override
    public void copy(int destination, int source, int length) {
        if (outOfBounds(source, length) || outOfBounds(destination, length)) {
            throw outOfBoundsTrap(outOfBounds(source, length) ? source : destination, length);
        }
        System.arraycopy(buffer, source, buffer, destination, length);
        untouched = false;
    }
}
