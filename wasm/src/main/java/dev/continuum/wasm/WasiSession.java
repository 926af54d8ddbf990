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
    private final WasiDescriptors descriptors;
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
        // Sorted, so that the environment and the preopens' descriptor numbers are the same in every
        // JVM (Map.copyOf iterates in a per-JVM order), which restoring a snapshot relies on.
        new java.util.TreeMap<>(invocation.env()).forEach(options::withEnvironment);
        new java.util.TreeMap<>(invocation.preopens()).forEach(options::withDirectory);
        this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
        this.descriptors = new WasiDescriptors(wasi);
    }

    HostFunction[] functions() {
        HostFunction[] functions = descriptors.wrap(wasi.toHostFunctions());
        for (int i = 0; i < functions.length; i++) {
            if (functions[i].name().equals("poll_oneoff")) {
                functions[i] = InterruptiblePoll.wrap(functions[i]);
            }
        }
        return functions;
    }

    /** The files the guest has open, for a snapshot. */
    java.util.List<dev.continuum.wasm.snapshot.InstanceSnapshot.OpenFile> openFiles() {
        return descriptors.openFiles();
    }

    /** Makes the open files those of a snapshot. */
    void restoreFiles(java.util.List<dev.continuum.wasm.snapshot.InstanceSnapshot.OpenFile> files) {
        descriptors.restore(files);
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
