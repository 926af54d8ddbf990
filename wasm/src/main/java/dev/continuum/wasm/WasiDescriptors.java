package dev.continuum.wasm;

import dev.continuum.wasm.memory.FlatMemory;
import dev.continuum.wasm.snapshot.InstanceSnapshot.OpenFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import run.endive.runtime.HostFunction;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.types.MemoryLimits;

/**
 * What Continuum adds to Endive's WASI descriptors, by wrapping a few host functions:
 * <ul>
 *   <li><b>O_APPEND.</b> Endive opens such files as Java APPEND channels, which refuse
 *       {@code O_TRUNC} alongside and cannot move their position (so {@code lseek} lied). Here the
 *       file is opened plainly and remembered; every {@code fd_write} to it first seeks to the end,
 *       and {@code fd_fdstat_get} reports the append flag, as POSIX and WASI specify.</li>
 *   <li><b>Open files for snapshots.</b> Every descriptor the guest opens is remembered with how it
 *       was opened, so a snapshot can carry the open files ({@link #openFiles()}: path, flags,
 *       rights, position) and a restored instance can reopen them at the same descriptor numbers
 *       and positions ({@link #reopen}).</li>
 * </ul>
 * Per run or instance, used by the guest's thread only.
 */
final class WasiDescriptors {
    private static final int FDFLAGS_APPEND = 1;
    private static final int OFLAGS_CREAT = 1;
    private static final int OFLAGS_EXCL = 4;
    private static final int OFLAGS_TRUNC = 8;
    private static final int OFLAGS_DIRECTORY = 2;
    private static final int WHENCE_SET = 0;
    private static final int WHENCE_END = 2;

    private final WasiPreview1 wasi;
    private final Set<Integer> appending = new HashSet<>();
    private final TreeMap<Integer, OpenFile> open = new TreeMap<>();
    private FlatMemory scratch;

    WasiDescriptors(WasiPreview1 wasi) {
        this.wasi = wasi;
    }

    /** Replaces the functions that need to know about descriptors; the others pass through. */
    HostFunction[] wrap(HostFunction[] functions) {
        for (int i = 0; i < functions.length; i++) {
            var function = functions[i];
            WasmFunctionHandle original = function.handle();
            WasmFunctionHandle replacement = switch (function.name()) {
                case "path_open" ->
                    (instance, args) -> {
                        // path_open(fd, dirflags, path, path_len, oflags, base, inheriting, fdflags, fd_out)
                        long[] plain = args.clone();
                        plain[7] = args[7] & ~FDFLAGS_APPEND;
                        long[] result = original.apply(instance, plain);
                        if (result[0] == 0) {
                            int fd = instance.memory().readInt((int) args[8]);
                            String path = instance.memory().readString((int) args[2], (int) args[3]);
                            opened(
                                    fd,
                                    new OpenFile(
                                            fd,
                                            (int) args[0],
                                            (int) args[1],
                                            path,
                                            (int) args[4],
                                            args[5],
                                            args[6],
                                            (int) args[7],
                                            0));
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
                            closed((int) args[0]);
                        }
                        return result;
                    };
                case "fd_renumber" ->
                    (instance, args) -> {
                        long[] result = original.apply(instance, args);
                        if (result[0] == 0) {
                            renumbered((int) args[0], (int) args[1]);
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

    private void opened(int fd, OpenFile file) {
        open.put(fd, file);
        if ((file.fdflags() & FDFLAGS_APPEND) != 0) {
            appending.add(fd);
        } else {
            appending.remove(fd);
        }
    }

    private void closed(int fd) {
        open.remove(fd);
        appending.remove(fd);
    }

    private void renumbered(int from, int to) {
        var file = open.remove(from);
        boolean wasAppending = appending.remove(from);
        closed(to);
        if (file != null) {
            open.put(to, file.at(to, file.position()));
        }
        if (wasAppending) {
            appending.add(to);
        }
    }

    /** The files the guest has open now, with their current positions, by descriptor. */
    List<OpenFile> openFiles() {
        var files = new ArrayList<OpenFile>();
        for (var file : open.values()) {
            long position = 0;
            if ((file.oflags() & OFLAGS_DIRECTORY) == 0 && wasi.fdTell(scratch(), file.fd(), 0) == 0) {
                position = scratch().readLong(0);
            }
            files.add(file.at(file.fd(), position));
        }
        return files;
    }

    /**
     * Makes the open files those of a snapshot: closes what it does not list, reopens what is
     * missing at the same descriptor numbers, and moves every file to its position. Descriptor
     * numbers left free in between are held while opening and released afterwards. Requires the
     * preopened folders the snapshot was taken with (they hold the first descriptors).
     *
     * @throws IllegalStateException naming the file that cannot be reopened
     */
    void restore(List<OpenFile> files) {
        var wanted = new TreeMap<Integer, OpenFile>();
        files.forEach(file -> wanted.put(file.fd(), file));
        for (var fd : List.copyOf(open.keySet())) {
            var file = wanted.get(fd);
            if (file == null || !file.sameOpening(open.get(fd))) {
                wasi.fdClose(fd);
                closed(fd);
            }
        }
        var fillers = new ArrayList<Integer>();
        for (var file : wanted.values()) {
            if (!open.containsKey(file.fd())) {
                int fd;
                while ((fd = openOnce(file)) < file.fd()) {
                    fillers.add(fd); // a number the guest had closed: hold it so the next open gets the right one
                }
                if (fd != file.fd()) {
                    wasi.fdClose(fd);
                    fillers.forEach(wasi::fdClose);
                    throw new IllegalStateException(
                            "cannot restore descriptor " + file.fd() + " (" + file.path() + "): descriptor " + fd
                                    + " came instead; the preopened folders differ from the snapshot's");
                }
                opened(fd, file);
            }
            if ((file.oflags() & OFLAGS_DIRECTORY) == 0
                    && wasi.fdSeek(scratch(), file.fd(), file.position(), WHENCE_SET, 0) != 0) {
                throw new IllegalStateException("cannot move " + file.path() + " to position " + file.position());
            }
        }
        fillers.forEach(wasi::fdClose);
    }

    private int openOnce(OpenFile file) {
        int oflags = file.oflags() & ~(OFLAGS_CREAT | OFLAGS_EXCL | OFLAGS_TRUNC);
        int errno = wasi.pathOpen(
                scratch(),
                file.directory(),
                file.dirflags(),
                file.path(),
                oflags,
                file.rightsBase(),
                file.rightsInheriting(),
                file.fdflags() & ~FDFLAGS_APPEND,
                0);
        if (errno != 0) {
            throw new IllegalStateException("cannot reopen " + file.path() + " (descriptor " + file.fd()
                    + ") after restore: WASI errno " + errno + "; was it deleted or moved?");
        }
        return scratch().readInt(0);
    }

    /** Where fd_seek, fd_tell and path_open write their results on the host's behalf; made on first use. */
    private FlatMemory scratch() {
        if (scratch == null) {
            scratch = new FlatMemory(new MemoryLimits(1, 1), 1);
        }
        return scratch;
    }
}
