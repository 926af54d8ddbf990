package dev.continuum.wasm.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.RunLimits;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A function's own {@code env} reaches it under the request's CGI variables, which win on a conflict. */
class WagiComponentEnvTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final LoadedModule function = engine.load(Fixtures.bytes("wagi.wasm"));

    @AfterEach
    void close() {
        engine.close();
    }

    private WagiResponse serve(WagiRequest request, Map<String, String> env) {
        return Wagi.serve(
                engine,
                function,
                request,
                new ByteArrayOutputStream(),
                Duration.ofSeconds(10),
                env,
                Capabilities.none(),
                RunLimits.of(engine.options()));
    }

    @Test
    void theComponentsEnvironmentReachesTheFunction() {
        var response = serve(
                WagiRequest.get("/fn/default/fixture/wagi", "/env", ""), Map.of("GREETING", "hi", "MODE", "edge"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText().lines()).contains("GREETING=hi", "MODE=edge", "REQUEST_METHOD=GET");
    }

    @Test
    void theRequestsVariablesWinOverTheComponentsOnAConflict() {
        var request = new WagiRequest(
                "POST",
                "/fn/default/fixture/wagi",
                "/env",
                "q=1",
                Map.of("X-Mode", List.of("from-header")),
                new byte[0],
                "10.0.0.7",
                "edge.example",
                8080);

        var response = serve(
                request,
                Map.of(
                        "REQUEST_METHOD", "GET",
                        "QUERY_STRING", "forged",
                        "HTTP_X_MODE", "from-env",
                        "KEPT", "yes"));

        assertThat(response.bodyText().lines())
                .contains("REQUEST_METHOD=POST", "QUERY_STRING=q=1", "HTTP_X_MODE=from-header", "KEPT=yes")
                .doesNotContain("REQUEST_METHOD=GET", "QUERY_STRING=forged", "HTTP_X_MODE=from-env");
    }

    @Test
    void withoutAComponentEnvironmentOnlyTheRequestsVariablesAreSet() {
        var response = Wagi.serve(
                engine,
                function,
                WagiRequest.get("/fn/default/fixture/wagi", "/env", ""),
                new ByteArrayOutputStream(),
                Duration.ofSeconds(10));

        assertThat(response.bodyText().lines())
                .allSatisfy(line -> assertThat(line).doesNotStartWith("GREETING="))
                .contains("REQUEST_METHOD=GET");
    }
}
