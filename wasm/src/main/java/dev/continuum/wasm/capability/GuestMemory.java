package dev.continuum.wasm.capability;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import run.endive.runtime.Memory;

/**
 * Reads arguments from and writes results to a guest's linear memory for the capability
 * functions, checking every pointer and length so a bad one becomes {@link AbiStatus#INVALID}
 * rather than an exception in the host.
 */
final class GuestMemory {
    private final Memory memory;

    GuestMemory(Memory memory) {
        this.memory = memory;
    }

    /** Thrown inside a capability call for an argument the guest got wrong; becomes a status. */
    static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadArgument(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void check(long pointer, long length) {
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (pointer < 0 || length < 0 || pointer > size || length > size - pointer) {
            throw new BadArgument(AbiStatus.INVALID, "range [" + pointer + ", +" + length + ") is outside memory");
        }
    }

    byte[] bytes(long pointer, long length, int max) {
        if (length > max) {
            throw new BadArgument(AbiStatus.LIMIT, length + " bytes is more than the " + max + " allowed");
        }
        check(pointer, length);
        return memory.readBytes((int) pointer, (int) length);
    }

    String string(long pointer, long length, int max) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(pointer, length, max)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadArgument(AbiStatus.INVALID, "not UTF-8");
        }
    }

    void writeU32(long pointer, int value) {
        check(pointer, 4);
        memory.writeI32((int) pointer, value);
    }

    /**
     * Copies {@code value} to {@code [pointer, pointer+capacity)} and its length to
     * {@code lengthPointer}; when it does not fit, writes only the length and returns TOO_SMALL.
     */
    int output(byte[] value, long pointer, long capacity, long lengthPointer) {
        writeU32(lengthPointer, value.length);
        if (value.length > capacity) {
            return AbiStatus.TOO_SMALL;
        }
        check(pointer, value.length);
        memory.write((int) pointer, value);
        return AbiStatus.OK;
    }
}
