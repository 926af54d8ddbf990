package dev.continuum.wasm.intake;

import dev.continuum.wasm.ModuleLimits;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.ModuleRejectedException.Reason;
import java.util.HexFormat;

/**
 * Walks a module's raw sections before it is decoded and refuses what exceeds the intake limits:
 * the size, the number of defined functions, the size of each function body and the number of
 * locals each declares. The decoder would otherwise allocate for whatever counts a hostile binary
 * claims. Anything this scanner does not need it skips; full decoding and validation come after.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModuleScanner {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final byte[] VERSION_1 = {0x01, 0x00, 0x00, 0x00};
    private static final int SECTION_FUNCTION = 3;
    private static final int SECTION_CODE = 10;

    private final ModuleLimits limits;

    public ModuleScanner(ModuleLimits limits) {
        this.limits = limits;
    }

    /** Throws {@link ModuleRejectedException} when {@code bytes} break a limit or are not WebAssembly. */
    public void scan(byte[] bytes) {
        if (bytes.length > limits.maxModuleBytes()) {
            throw new ModuleRejectedException(
                    Reason.LIMIT_EXCEEDED,
                    "module is " + bytes.length + " bytes; the limit is " + limits.maxModuleBytes()
                            + " bytes (raise the engine's intake limit or shrink the module)");
        }
        checkHeader(bytes);
        var in = new Reader(bytes, 8);
        while (in.hasMore()) {
            int id = in.u8();
            long size = in.u32();
            int start = in.position();
            if (size > bytes.length - start) {
                throw malformed(
                        "section " + id + " claims " + size + " bytes but only " + (bytes.length - start) + " remain");
            }
            int end = start + (int) size;
            if (id == SECTION_FUNCTION) {
                long count = new Reader(bytes, start).u32();
                if (count > limits.maxFunctions()) {
                    throw tooLarge("module defines " + count + " functions; the limit is " + limits.maxFunctions());
                }
            } else if (id == SECTION_CODE) {
                scanCode(new Reader(bytes, start), end);
            }
            in.seek(end);
        }
    }

    private static void checkHeader(byte[] bytes) {
        if (bytes.length < 8 || !regionEquals(bytes, 0, MAGIC)) {
            int shown = Math.min(bytes.length, 8);
            throw new ModuleRejectedException(
                    Reason.NOT_WEBASSEMBLY,
                    "not a WebAssembly module: it starts with "
                            + (shown == 0 ? "nothing" : "0x" + HexFormat.of().formatHex(bytes, 0, shown))
                            + " instead of 0x0061736d (\\0asm); build it for a wasm32 target");
        }
        if (!regionEquals(bytes, 4, VERSION_1)) {
            throw new ModuleRejectedException(
                    Reason.NOT_WEBASSEMBLY,
                    "unsupported WebAssembly binary version 0x" + HexFormat.of().formatHex(bytes, 4, 8)
                            + "; only version 1 (core modules) is supported, not components");
        }
    }

    private void scanCode(Reader in, int end) {
        long count = in.u32();
        if (count > limits.maxFunctions()) {
            throw tooLarge("module has " + count + " function bodies; the limit is " + limits.maxFunctions());
        }
        for (long i = 0; i < count; i++) {
            long bodySize = in.u32();
            int bodyStart = in.position();
            if (bodySize > limits.maxFunctionBodyBytes()) {
                throw tooLarge("function body " + i + " is " + bodySize + " bytes; the limit is "
                        + limits.maxFunctionBodyBytes());
            }
            if (bodySize > end - bodyStart) {
                throw malformed(
                        "function body " + i + " claims " + bodySize + " bytes past the end of the code section");
            }
            long groups = in.u32();
            long locals = 0;
            for (long g = 0; g < groups && in.position() < bodyStart + bodySize; g++) {
                locals += in.u32();
                if (locals > limits.maxLocalsPerFunction()) {
                    throw tooLarge("function " + i + " declares more than " + limits.maxLocalsPerFunction()
                            + " locals; that is the limit");
                }
                skipValueType(in);
            }
            in.seek(bodyStart + (int) bodySize);
        }
    }

    private static void skipValueType(Reader in) {
        int type = in.u8();
        // (ref null ht) and (ref ht) carry a heap type as a signed LEB128.
        if (type == 0x63 || type == 0x64) {
            in.s33();
        }
    }

    private static boolean regionEquals(byte[] bytes, int offset, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static ModuleRejectedException tooLarge(String message) {
        return new ModuleRejectedException(Reason.LIMIT_EXCEEDED, message);
    }

    static ModuleRejectedException malformed(String message) {
        return new ModuleRejectedException(Reason.MALFORMED, "malformed module: " + message);
    }

    /** A cursor over the binary that refuses to read past its end. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        int position() {
            return position;
        }

        void seek(int to) {
            position = to;
        }

        int u8() {
            if (position >= bytes.length) {
                throw malformed("unexpected end at byte " + position);
            }
            return bytes[position++] & 0xff;
        }

        long u32() {
            long result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (result > 0xffff_ffffL) {
                        throw malformed("integer too large at byte " + (position - 1));
                    }
                    return result;
                }
            }
            throw malformed("integer representation too long at byte " + position);
        }

        void s33() {
            for (int i = 0; i < 5; i++) {
                if ((u8() & 0x80) == 0) {
                    return;
                }
            }
            throw malformed("integer representation too long at byte " + position);
        }
    }
}
