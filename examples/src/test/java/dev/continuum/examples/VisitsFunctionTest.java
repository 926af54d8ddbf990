package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.SqliteKeyValueStore;
import dev.continuum.wasm.wagi.Wagi;
import dev.continuum.wasm.wagi.WagiRequest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visits example counts in its application's bucket and logs through the host ABI. */
class VisitsFunctionTest {
    private static final String ROUTE = "/fn/default/visits/count";

    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private SqliteKeyValueStore store;
    private LoadedModule visits;

    @BeforeEach
    void load(@TempDir Path dir) throws Exception {
        store = new SqliteKeyValueStore(dir.resolve("agent.db"));
        visits = engine.load(
                Files.readAllBytes(ExamplesFolder.root().resolve("visits").resolve("visits.wasm")));
    }

    @AfterEach
    void close() {
        store.close();
        engine.close();
    }

    private String visit(Capabilities grant) {
        var response = Wagi.serve(
                engine,
                visits,
                WagiRequest.get(ROUTE, "", ""),
                new ByteArrayOutputStream(),
                Duration.ofSeconds(10),
                grant);
        assertThat(response.status()).isEqualTo(200);
        return response.bodyText();
    }

    @Test
    void countsVisitsPerApplicationAndLogsEachOne() {
        var grant = Capabilities.none()
                .withKeyValue(store, "default/visits")
                .withLog((level, message) -> logged.add(level + " " + message));

        assertThat(visit(grant)).isEqualTo("visit 1\n");
        assertThat(visit(grant)).isEqualTo("visit 2\n");
        assertThat(visit(grant.withKeyValue(store, "default/other")))
                .as("another application's bucket")
                .isEqualTo("visit 1\n");
        assertThat(logged).containsExactly("INFO visit 1", "INFO visit 2", "INFO visit 1");
    }

    @Test
    void isRefusedAtLinkTimeWithoutItsCapabilities() {
        var onlyLog = Capabilities.none().withLog((level, message) -> {});

        assertThatThrownBy(() -> engine.link(visits, onlyLog))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("does not grant the keyvalue capability");
    }
}
