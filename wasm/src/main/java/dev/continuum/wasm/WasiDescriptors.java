package dev.continuum.wasm;

import dev.continuum.wasm.memory.FlatMemory;
import java.util.HashSet;
import java.util.Set;
import run.endive.runtime.HostFunction;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.types.MemoryLimits;

/**
 * O_APPEND for WASI descriptors, emulated on top of Endive's WASI. Endive opens such files as Java
 * APPEND channels, which refuse {@code O_TRUNC} alongside and whose position cannot be moved, so
 * {@code lseek} lies. Here the file is opened as a plain file and the descriptor remembered;
 * every {@code fd_write} to it first seeks to the end, and {@code fd_fdstat_get} reports the
 * append flag, which is what POSIX and WASI specify. {@code fd_pwrite} writes at its offset.
 *
 * <p>Per run, used by the guest's thread only.
 */
final class AppendModeFiles {
    private static final int FDFLAGS_APPEND = 1;
    private static final int WHENCE_END = 2;

    private final WasiPreview1 wasi;
    private final Set<Integer> appending = new HashSet<>();
    private FlatMemory scratch;

    AppendModeFiles(WasiPreview1 wasi) {
        this.wasi = wasi;
    }

    /** Replaces the functions that need to know about append mode; the others pass through. */
    HostFunction[] wrap(HostFunction[] functions) {
        for (int i = 0; i < functions.length; i++) {
            var function = functions[i];
            WasmFunctionHandle original = function.handle();
            WasmFunctionHandle replacement = switch (function.name()) {
                case "path_open" ->
                    (instance, args) -> {
                        // path_open(fd, dirflags, path, path_len, oflags, base, inheriting, fdflags, fd_out)
                        if ((args[7] & FDFLAGS_APPEND) == 0) {
                            return original.apply(instance, args);
                        }
                        long[] plain = args.clone();
                        plain[7] = args[7] & ~FDFLAGS_APPEND;
                        long[] result = original.apply(instance, plain);
                        if (result[0] == 0) {
                            appending.add(instance.memory().readInt((int) args[8]));
                        }
                        return result;
                    };
                case "fd_write" ->
                    (instance, args) -> {
                        if (appending.contains((int) args[0])) {
                            int moved = wasi.fdSeek(scratch(), (int) args[0], 0, WHENCE_END, 0);
                            if (moved != 0) {
                                return new long[] {moved};
                            }
                        }
                        return original.apply(instance, args);
                    };
                case "fd_close" ->
                    (instance, args) -> {
                        long[] result = original.apply(instance, args);
                        if (result[0] == 0) {
                            appending.remove((int) args[0]);
                        }
                        return result;
                    };
                case "fd_renumber" ->
                    (instance, args) -> {
                        long[] result = original.apply(instance, args);
                        if (result[0] == 0) {
                            boolean wasAppending = appending.remove((int) args[0]);
                            appending.remove((int) args[1]);
                            if (wasAppending) {
                                appending.add((int) args[1]);
                            }
                        }
                        return result;
                    };
                case "fd_fdstat_get" ->
                    (instance, args) -> {
                        long[] result = original.apply(instance, args);
                        if (result[0] == 0 && appending.contains((int) args[0])) {
                            int flags = (int) args[1] + 2; // fdstat.fs_flags: u16 at offset 2
                            instance.memory().writeShort(flags, (short)
                                    (instance.memory().readShort(flags) | FDFLAGS_APPEND));
                        }
                        return result;
                    };
                default -> null;
            };
            if (replacement != null) {
                functions[i] =
                        new HostFunction(function.module(), function.name(), function.functionType(), replacement);
            }
        }
        return functions;
    }

    /** Where fd_seek writes the offset it reports, which nobody reads; made on first use. */
    private FlatMemory scratch() {
        if (scratch == null) {
            scratch = new FlatMemory(new MemoryLimits(1, 1), 1);
        }
        return scratch;
    }
}
