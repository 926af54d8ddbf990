package dev.continuum.wasm.wagi;

import dev.continuum.wasm.ExitStatus;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.RunLimits;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.capability.Capabilities;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Serves one HTTP request with a WAGI function (CGI over WASI): the request line and headers go
 * in as environment variables, the body on stdin; the function's stdout is a CGI response. A
 * function that traps, exits non-zero, overruns its deadline or writes a malformed header block
 * gives a 500 whose body says why; this method never throws for what the function does.
 *
 * <p>Stateless and thread-safe; each call runs a fresh instance on the calling thread.
 */
public final class Wagi {
    private Wagi() {}

    /**
     * Runs {@code module} for {@code request}.
     *
     * @param stderr receives the function's log output, and the gateway's reason when it answers 500
     * @param deadline how long the function may run, or null for no limit
     */
    public static WagiResponse serve(
            WasmEngine engine, LoadedModule module, WagiRequest request, OutputStream stderr, Duration deadline) {
        return serve(engine, module, request, stderr, deadline, Capabilities.none());
    }

    /**
     * As {@link #serve(WasmEngine, LoadedModule, WagiRequest, OutputStream, Duration)}, with the
     * host capabilities the function's application grants.
     *
     * @throws ModuleRejectedException when the module imports a capability {@code grant} lacks;
     *     check with {@link WasmEngine#link} when the function is deployed
     */
    public static WagiResponse serve(
            WasmEngine engine,
            LoadedModule module,
            WagiRequest request,
            OutputStream stderr,
            Duration deadline,
            Capabilities grant) {
        return serve(engine, module, request, stderr, deadline, grant, RunLimits.of(engine.options()));
    }

    /** As above, with the function's own limits (its memory, say); the engine's options still cap them. */
    public static WagiResponse serve(
            WasmEngine engine,
            LoadedModule module,
            WagiRequest request,
            OutputStream stderr,
            Duration deadline,
            Capabilities grant,
            RunLimits limits) {
        return serve(engine, module, request, stderr, deadline, Map.of(), grant, limits);
    }

    /**
     * As above, with the component's own environment ({@code env} in its manifest) under the
     * request's: the guest sees {@code componentEnv}, then every variable the request sets (the CGI
     * variables and one {@code HTTP_*} per header) on top, so on a conflict the request wins and a
     * component cannot hide, say, the real {@code REQUEST_METHOD}.
     */
    public static WagiResponse serve(
            WasmEngine engine,
            LoadedModule module,
            WagiRequest request,
            OutputStream stderr,
            Duration deadline,
            Map<String, String> componentEnv,
            Capabilities grant,
            RunLimits limits) {
        var stdout = new ByteArrayOutputStream();
        var env = WagiEnvironment.of(request, componentEnv);
        var invocation = new WasiInvocation(
                List.of(request.scriptName()),
                env,
                new ByteArrayInputStream(request.body()),
                stdout,
                stderr,
                Map.of(),
                deadline);
        ExitStatus status = engine.run(module, invocation, grant, limits);
        if (!status.success()) {
            String reason = status.trap() != null
                    ? "the function failed: " + status.trap()
                    : "the function exited with code " + status.code();
            return failure(reason, stderr);
        }
        var parsed = CgiResponseParser.parse(stdout.toByteArray());
        if (parsed.response() == null) {
            return failure(parsed.problem(), stderr);
        }
        if (request.method().equalsIgnoreCase("HEAD")) {
            var response = parsed.response();
            return new WagiResponse(response.status(), response.headers(), new byte[0]);
        }
        return parsed.response();
    }

    private static WagiResponse failure(String reason, OutputStream stderr) {
        try {
            stderr.write(("wagi: 500: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
            stderr.flush();
        } catch (IOException e) {
            // The log sink failing must not hide the answer to the client.
        }
        return WagiResponse.text(500, "500 Internal Server Error: " + reason + "\n");
    }
}
