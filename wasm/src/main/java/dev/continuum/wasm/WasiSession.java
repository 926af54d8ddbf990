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
    private final AppendModeFiles appendMode;
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
        this.appendMode = new AppendModeFiles(wasi);
    }

    HostFunction[] functions() {
        return appendMode.wrap(wasi.toHostFunctions());
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
