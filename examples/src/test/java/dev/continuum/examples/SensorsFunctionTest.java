package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.RunLimits;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.LocalMessageBroker;
import dev.continuum.wasm.capability.SqliteKeyValueStore;
import dev.continuum.wasm.wagi.Wagi;
import dev.continuum.wasm.wagi.WagiRequest;
import dev.continuum.wasm.wagi.WagiResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensors example, run the way the agent runs it: an MQTT message is a WAGI POST with the topic
 * in {@code Continuum-Mqtt-Topic}; a GET reads the last value.
 */
class SensorsFunctionTest {
    private static final String ROUTE = "/fn/default/sensors/readings";

    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final LocalMessageBroker broker = new LocalMessageBroker();
    private SqliteKeyValueStore store;
    private LoadedModule sensors;
    private Capabilities grant;

    @BeforeEach
    void load(@TempDir Path dir) throws Exception {
        store = new SqliteKeyValueStore(dir.resolve("keyvalue.db"));
        sensors = engine.load(
                Files.readAllBytes(ExamplesFolder.root().resolve("sensors").resolve("sensors.wasm")));
        broker.subscribe(
                "alerts/#", (topic, payload) -> alerts.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
        grant = Capabilities.none()
                .withLog((level, message) -> logged.add(level + " " + message))
                .withKeyValue(store, "default/sensors")
                .withConfig(Map.of("threshold", "30"))
                .withMessaging(broker, List.of("alerts/#"), List.of());
    }

    @AfterEach
    void close() {
        store.close();
        engine.close();
    }

    private WagiResponse serve(WagiRequest request) {
        return Wagi.serve(
                engine,
                sensors,
                request,
                new ByteArrayOutputStream(),
                Duration.ofSeconds(10),
                Map.of(),
                grant,
                RunLimits.of(engine.options()));
    }

    private WagiResponse message(String topic, String payload) {
        return serve(new WagiRequest(
                "POST",
                ROUTE,
                "",
                "",
                Map.of("Continuum-Mqtt-Topic", List.of(topic)),
                payload.getBytes(StandardCharsets.UTF_8),
                "",
                null,
                0));
    }

    @Test
    void recordsEachReadingAndAlertsAboveTheThreshold() {
        assertThat(message("sensors/temp", "21.5").bodyText()).isEqualTo("recorded temp\n");
        assertThat(message("sensors/temp", "31.5").status()).isEqualTo(200);
        assertThat(message("sensors/hum", "40").status()).isEqualTo(200);

        assertThat(serve(WagiRequest.get(ROUTE, "", "temp")).bodyText()).isEqualTo("temp = 31.5\n");
        assertThat(serve(WagiRequest.get(ROUTE, "", "wind")).status()).isEqualTo(404);
        assertThat(alerts).containsExactly("alerts/temp temp 31.5", "alerts/hum hum 40");
        assertThat(logged)
                .contains(
                        "INFO temp = 21.5 (store status 0)",
                        "INFO temp = 31.5 (store status 0)",
                        "WARN alert on alerts/temp (publish status 0)");
    }

    @Test
    void isRefusedAtLinkTimeWithoutMessaging() {
        var withoutMessaging = Capabilities.none()
                .withLog((level, message) -> {})
                .withKeyValue(store, "default/sensors")
                .withConfig(Map.of());

        assertThatThrownBy(() -> engine.link(sensors, withoutMessaging))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("does not grant the messaging capability");
    }
}
