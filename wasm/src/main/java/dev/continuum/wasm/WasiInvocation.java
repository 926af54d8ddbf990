package dev.continuum.wasm;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a WASI command: what the guest sees (argv, environment, stdio, preopened folders) and
 * how long it may take.
 *
 * @param args argv; {@code args.get(0)} is the program name the guest sees
 * @param env the whole guest environment (nothing is inherited from the host)
 * @param stdin the guest's standard input; read lazily
 * @param stdout where the guest's standard output goes; capped by {@link WasmEngineOptions#maxOutputBytes()}
 * @param stderr where the guest's standard error goes; capped likewise
 * @param preopens guest path (e.g. {@code "/data"}) to host folder; the guest cannot reach outside them
 * @param deadline wall-clock budget measured from the start of the run, or null for none
 */
public record WasiInvocation(
        List<String> args,
        Map<String, String> env,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr,
        Map<String, Path> preopens,
        Duration deadline) {

    public WasiInvocation {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        preopens = Map.copyOf(preopens);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive, got " + deadline);
        }
    }

    /** An invocation of {@code program} with no input, output discarded and no deadline. */
    public static WasiInvocation of(String program, String... args) {
        var argv = new java.util.ArrayList<String>();
        argv.add(program);
        argv.addAll(List.of(args));
        return new WasiInvocation(
                argv,
                Map.of(),
                InputStream.nullInputStream(),
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(),
                Map.of(),
                null);
    }

    /** A copy with another environment. */
    public WasiInvocation withEnv(Map<String, String> newEnv) {
        return new WasiInvocation(args, newEnv, stdin, stdout, stderr, preopens, deadline);
    }

    /** A copy with one more environment variable. */
    public WasiInvocation withEnv(String name, String value) {
        var copy = new LinkedHashMap<>(env);
        copy.put(name, value);
        return withEnv(copy);
    }

    /** A copy with other standard streams. */
    public WasiInvocation withStdio(InputStream in, OutputStream out, OutputStream err) {
        return new WasiInvocation(args, env, in, out, err, preopens, deadline);
    }

    /** A copy with one more preopened folder. */
    public WasiInvocation withPreopen(String guestPath, Path hostDir) {
        var copy = new LinkedHashMap<>(preopens);
        copy.put(guestPath, hostDir);
        return new WasiInvocation(args, env, stdin, stdout, stderr, copy, deadline);
    }

    /** A copy with another deadline (null for none). */
    public WasiInvocation withDeadline(Duration newDeadline) {
        return new WasiInvocation(args, env, stdin, stdout, stderr, preopens, newDeadline);
    }
}
