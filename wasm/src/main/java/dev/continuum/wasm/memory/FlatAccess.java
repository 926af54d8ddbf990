package dev.continuum.wasm.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmRuntimeException;

/**
 * The loads and stores that compiled guest code calls in place of Endive's {@code Memory}
 * interface calls, once {@code dev.continuum.wasm.compile.FlatAccessRewriter} has rewritten it:
 * static methods over the {@link FlatMemory}'s array and size, which the generated function keeps
 * in locals (reloaded after every call, since a callee may grow the memory). The JIT can then
 * hoist the array and its size out of a loop and eliminate the bounds checks of a counted loop,
 * which it cannot do for fields read through an interface after an interrupt poll.
 *
 * <p>Every access is still bounds-checked against the memory's size (not the array's capacity):
 * an effective address {@code base + offset} (both unsigned, 33 bits) whose last byte is past the
 * size traps, as the WebAssembly specification says. The {@code *Near} forms take an offset the
 * rewriter knows to be in {@code [0, MAX_NEAR_OFFSET]}, so the check is one signed comparison
 * of {@code base} against {@code size - width - offset}, which cannot overflow; other offsets use
 * the forms without the suffix, which compute the address in 64 bits.
 */
public final class FlatAccess {
    /** The largest constant offset the {@code *Near} forms accept. */
    public static final int MAX_NEAR_OFFSET = 1 << 30;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private FlatAccess() {}

    /** The array behind {@code memory}, a {@link FlatMemory}; valid until the memory grows. */
    public static byte[] buffer(Memory memory) {
        return ((FlatMemory) memory).buffer();
    }

    /** The size in bytes of {@code memory}, a {@link FlatMemory}. */
    public static int size(Memory memory) {
        return ((FlatMemory) memory).sizeInBytes();
    }

    // Near forms: 0 <= offset <= MAX_NEAR_OFFSET, so size - width - offset does not overflow.

    private static int near(int base, int offset, int size, int width) {
        if (Integer.compareUnsigned(base, Math.max(size - (width - 1) - offset, 0)) >= 0) {
            throw outOfBounds(Integer.toUnsignedLong(base) + offset, size, width);
        }
        return base + offset;
    }

    public static byte memoryReadByteNear(int base, int offset, byte[] memory, int size) {
        return memory[near(base, offset, size, 1)];
    }

    public static short memoryReadShortNear(int base, int offset, byte[] memory, int size) {
        return (short) SHORT.get(memory, near(base, offset, size, 2));
    }

    public static int memoryReadIntNear(int base, int offset, byte[] memory, int size) {
        return (int) INT.get(memory, near(base, offset, size, 4));
    }

    public static long memoryReadLongNear(int base, int offset, byte[] memory, int size) {
        return (long) LONG.get(memory, near(base, offset, size, 8));
    }

    public static float memoryReadFloatNear(int base, int offset, byte[] memory, int size) {
        return (float) FLOAT.get(memory, near(base, offset, size, 4));
    }

    public static double memoryReadDoubleNear(int base, int offset, byte[] memory, int size) {
        return (double) DOUBLE.get(memory, near(base, offset, size, 8));
    }

    public static void memoryWriteByteNear(int base, byte value, int offset, byte[] memory, int size) {
        memory[near(base, offset, size, 1)] = value;
    }

    public static void memoryWriteShortNear(int base, short value, int offset, byte[] memory, int size) {
        SHORT.set(memory, near(base, offset, size, 2), value);
    }

    public static void memoryWriteIntNear(int base, int value, int offset, byte[] memory, int size) {
        INT.set(memory, near(base, offset, size, 4), value);
    }

    public static void memoryWriteLongNear(int base, long value, int offset, byte[] memory, int size) {
        LONG.set(memory, near(base, offset, size, 8), value);
    }

    public static void memoryWriteFloatNear(int base, float value, int offset, byte[] memory, int size) {
        FLOAT.set(memory, near(base, offset, size, 4), value);
    }

    public static void memoryWriteDoubleNear(int base, double value, int offset, byte[] memory, int size) {
        DOUBLE.set(memory, near(base, offset, size, 8), value);
    }

    // General forms: any offset, the effective address computed in 64 bits.

    private static int far(int base, int offset, int size, int width) {
        long address = Integer.toUnsignedLong(base) + Integer.toUnsignedLong(offset);
        if (address > (long) size - width) {
            throw outOfBounds(address, size, width);
        }
        return (int) address;
    }

    public static byte memoryReadByte(int base, int offset, byte[] memory, int size) {
        return memory[far(base, offset, size, 1)];
    }

    public static short memoryReadShort(int base, int offset, byte[] memory, int size) {
        return (short) SHORT.get(memory, far(base, offset, size, 2));
    }

    public static int memoryReadInt(int base, int offset, byte[] memory, int size) {
        return (int) INT.get(memory, far(base, offset, size, 4));
    }

    public static long memoryReadLong(int base, int offset, byte[] memory, int size) {
        return (long) LONG.get(memory, far(base, offset, size, 8));
    }

    public static float memoryReadFloat(int base, int offset, byte[] memory, int size) {
        return (float) FLOAT.get(memory, far(base, offset, size, 4));
    }

    public static double memoryReadDouble(int base, int offset, byte[] memory, int size) {
        return (double) DOUBLE.get(memory, far(base, offset, size, 8));
    }

    public static void memoryWriteByte(int base, byte value, int offset, byte[] memory, int size) {
        memory[far(base, offset, size, 1)] = value;
    }

    public static void memoryWriteShort(int base, short value, int offset, byte[] memory, int size) {
        SHORT.set(memory, far(base, offset, size, 2), value);
    }

    public static void memoryWriteInt(int base, int value, int offset, byte[] memory, int size) {
        INT.set(memory, far(base, offset, size, 4), value);
    }

    public static void memoryWriteLong(int base, long value, int offset, byte[] memory, int size) {
        LONG.set(memory, far(base, offset, size, 8), value);
    }

    public static void memoryWriteFloat(int base, float value, int offset, byte[] memory, int size) {
        FLOAT.set(memory, far(base, offset, size, 4), value);
    }

    public static void memoryWriteDouble(int base, double value, int offset, byte[] memory, int size) {
        DOUBLE.set(memory, far(base, offset, size, 8), value);
    }

    // A StringBuilder, not string concatenation: the first trap may come deep in a guest's
    // recursion, where bootstrapping concatenation's invokedynamic could overflow the JVM stack.
    private static WasmRuntimeException outOfBounds(long address, int size, int width) {
        return new WasmRuntimeException(new StringBuilder("out of bounds memory access: attempted to access address: ")
                .append(address)
                .append(" but limit is: ")
                .append(size)
                .append(" and size: ")
                .append(width)
                .toString());
    }
}
