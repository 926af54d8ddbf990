package dev.continuum.wasm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import run.endive.runtime.HostFunction;
import run.endive.wasi.WasiOptions;
import run.endive.wasi.WasiPreview1;

/**
 * The WASI side of one run: argv, environment, capped stdio and preopened folders, as host
 * functions bound to this run only. Closing it closes the guest's open files.
 */
final class WasiSession implements AutoCloseable {
    private final WasiPreview1 wasi;
    private final OutputStream stdout;
    private final OutputStream stderr;

    WasiSession(WasiInvocation invocation, long maxOutputBytes) {
        this.stdout = new CappedOutputStream(invocation.stdout(), "stdout", maxOutputBytes);
        this.stderr = new CappedOutputStream(invocation.stderr(), "stderr", maxOutputBytes);
        var options = WasiOptions.builder()
                .withArguments(invocation.args())
                .withStdin(invocation.stdin(), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false);
        invocation.env().forEach(options::withEnvironment);
        invocation.preopens().forEach(options::withDirectory);
        this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
    }

    HostFunction[] functions() {
        HostFunction[] functions = wasi.toHostFunctions();
        for (int i = 0; i < functions.length; i++) {
            if (functions[i].name().equals("path_open")) {
                functions[i] = truncatingAppendOpen(functions[i]);
            }
        }
        return functions;
    }

    private static final int OFLAGS_TRUNC = 8;
    private static final int FDFLAGS_APPEND = 1;

    /**
     * {@code open(path, O_TRUNC | O_APPEND)} is legal in WASI and POSIX, but Java refuses the pair
     * of open options, so Endive's path_open fails with it. Open without truncating, then truncate
     * the new descriptor: the same result for the guest.
     */
    private HostFunction truncatingAppendOpen(HostFunction pathOpen) {
        return new HostFunction(pathOpen.module(), pathOpen.name(), pathOpen.functionType(), (instance, args) -> {
            int oflags = (int) args[4];
            int fdflags = (int) args[7];
            if ((oflags & OFLAGS_TRUNC) == 0 || (fdflags & FDFLAGS_APPEND) == 0) {
                return pathOpen.handle().apply(instance, args);
            }
            long[] adjusted = args.clone();
            adjusted[4] = oflags & ~OFLAGS_TRUNC;
            long[] result = pathOpen.handle().apply(instance, adjusted);
            if (result[0] == 0) {
                int fd = instance.memory().readInt((int) args[8]);
                int truncated = wasi.fdFilestatSetSize(fd, 0);
                if (truncated != 0) {
                    wasi.fdClose(fd);
                    return new long[] {truncated};
                }
            }
            return result;
        });
    }

    void flush() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("flushing the guest's output failed", e);
        }
    }

    @Override
    public void close() {
        wasi.close();
    }
}
