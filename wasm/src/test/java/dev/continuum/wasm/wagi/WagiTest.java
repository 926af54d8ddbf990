package dev.continuum.wasm.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WagiTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final LoadedModule function = engine.load(Fixtures.bytes("wagi.wasm"));
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        engine.close();
    }

    private WagiResponse serve(WagiRequest request) {
        return Wagi.serve(engine, function, request, log, Duration.ofSeconds(10));
    }

    private static WagiRequest get(String pathInfo) {
        return WagiRequest.get("/fn/default/fixture/wagi", pathInfo, "");
    }

    @Test
    void passesTheRequestAsCgiEnvironmentVariables() {
        var request = new WagiRequest(
                "GET",
                "/fn/default/fixture/wagi",
                "/env",
                "name=edge&x=1",
                Map.of("User-Agent", List.of("curl/8"), "Host", List.of("edge.example:8080")),
                new byte[0],
                "10.0.0.7",
                "edge.example",
                8080);

        var response = serve(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText().lines())
                .contains(
                        "REQUEST_METHOD=GET",
                        "SCRIPT_NAME=/fn/default/fixture/wagi",
                        "PATH_INFO=/env",
                        "QUERY_STRING=name=edge&x=1",
                        "SERVER_NAME=edge.example",
                        "SERVER_PORT=8080",
                        "SERVER_PROTOCOL=HTTP/1.1",
                        "REMOTE_ADDR=10.0.0.7",
                        "GATEWAY_INTERFACE=CGI/1.1",
                        "CONTENT_LENGTH=0",
                        "HTTP_USER_AGENT=curl/8",
                        "HTTP_HOST=edge.example:8080",
                        "X_MATCHED_ROUTE=/fn/default/fixture/wagi/...",
                        "X_FULL_URL=http://edge.example:8080/fn/default/fixture/wagi/env?name=edge&x=1");
    }

    @Test
    void givesTheBodyOnStdinAndReturnsTheFunctionsHeadersAndBody() {
        byte[] body = "{\"temperature\": 21.5}".getBytes(StandardCharsets.UTF_8);
        var request = new WagiRequest(
                "POST",
                "/fn/default/fixture/wagi",
                "/echo",
                "",
                Map.of("Content-Type", List.of("application/json")),
                body,
                "127.0.0.1",
                "localhost",
                80);

        var response = serve(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(response.header("X-Method")).isEqualTo("POST");
    }

    @Test
    void letsTheStatusHeaderSetTheCode() {
        var response = serve(get("/missing"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Status")).isNull();
        assertThat(response.bodyText()).isEqualTo("no such thing\n");
    }

    @Test
    void treatsALocationAloneAsARedirect() {
        var response = serve(get("/redirect"));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("/elsewhere");
    }

    @Test
    void answersHeadWithoutABody() {
        var head = new WagiRequest("HEAD", "/fn/default/fixture/wagi", "/missing", "", Map.of(), null, null, null, 80);

        var response = serve(head);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answers500WithTheReasonWhenTheHeaderBlockIsMalformed() {
        var malformed = serve(get("/malformed"));
        var headerless = serve(get("/noheaders"));

        assertThat(malformed.status()).isEqualTo(500);
        assertThat(malformed.bodyText()).contains("malformed header line \"this is not a header\"");
        assertThat(headerless.status()).isEqualTo(500);
        assertThat(headerless.bodyText()).contains("no blank line ending the header block");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("wagi: 500: malformed header line");
    }

    @Test
    void answers500WhenTheFunctionExitsNonZeroOrTraps() {
        var failed = serve(get("/fail"));
        var trapped = serve(get("/trap"));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyText()).contains("exited with code 1");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("wagi fixture: failing on purpose");
        assertThat(trapped.status()).isEqualTo(500);
        assertThat(trapped.bodyText()).contains("unreachable");
    }

    @Test
    void answers500WhenTheFunctionOverrunsItsDeadline() {
        var response = Wagi.serve(engine, function, get("/spin"), log, Duration.ofMillis(200));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyText()).contains("deadline of PT0.2S passed");
    }
}
