package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.wagi.Wagi;
import dev.continuum.wasm.wagi.WagiRequest;
import dev.continuum.wasm.wagi.WagiResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The committed hello.wasm answers through WAGI the way the README's tour says. */
class HelloFunctionTest {
    private static final String ROUTE = "/fn/default/hello/greet";

    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final LoadedModule hello = engine.load(readHello());
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private static byte[] readHello() {
        try {
            return Files.readAllBytes(ExamplesFolder.root().resolve("hello").resolve("hello.wasm"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private WagiResponse serve(WagiRequest request) {
        return Wagi.serve(engine, hello, request, log, Duration.ofSeconds(10));
    }

    @Test
    void greetsTheNameFromTheQueryAndLogsOneLine() {
        var response = serve(WagiRequest.get(ROUTE, "", "name=edge"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain");
        assertThat(response.bodyText()).isEqualTo("Hello, edge!\n");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo("greet: name=edge\n");
    }

    @Test
    void decodesTheNameAndGreetsTheWorldWithoutOne() {
        assertThat(serve(WagiRequest.get(ROUTE, "", "name=edge%20node")).bodyText())
                .isEqualTo("Hello, edge node!\n");
        assertThat(serve(WagiRequest.get(ROUTE, "", "")).bodyText()).isEqualTo("Hello, world!\n");
    }

    @Test
    void refusesOtherMethodsWith405() {
        var post = new WagiRequest(
                "POST", ROUTE, "", "", Map.of(), "x".getBytes(StandardCharsets.UTF_8), "127.0.0.1", "localhost", 80);

        var response = serve(post);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    }
}
