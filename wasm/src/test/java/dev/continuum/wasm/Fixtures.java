package dev.continuum.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The committed test modules under {@code src/test/resources/fixtures} and a helper to run them. */
public final class Fixtures {
    private Fixtures() {}

    /** The bytes of {@code fixtures/<name>}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome and captured output of one run. */
    public record Run(ExitStatus status, String stdout, String stderr) {}

    /** Runs the probe fixture's behaviour {@code args[0]} with the remaining arguments. */
    public static Run probe(WasmEngine engine, String... args) {
        var module = engine.load(bytes("probe.wasm"));
        return run(engine, module, WasiInvocation.of("probe", args));
    }

    /** Runs {@code invocation} with stdout and stderr captured (its own output streams are replaced). */
    public static Run run(WasmEngine engine, LoadedModule module, WasiInvocation invocation) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var status = engine.run(module, invocation.withStdio(invocation.stdin(), out, err));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
