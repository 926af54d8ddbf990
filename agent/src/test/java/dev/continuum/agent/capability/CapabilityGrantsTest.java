package dev.continuum.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.Fixtures;
import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capability;
import dev.continuum.wasm.capability.LocalMessageBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a manifest's {@code capabilities} become the engine's grant on a node. */
class CapabilityGrantsTest {

    @TempDir
    Path dir;

    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private KeyValueBuckets buckets;
    private InstanceLog log;
    private LoadedModule caps;
    private LoadedModule pubsub;

    @BeforeEach
    void setUp() throws Exception {
        buckets = new KeyValueBuckets(dir.resolve("local").resolve("keyvalue.db"));
        log = new InstanceLog(dir.resolve("i.log"), 1 << 20, 1 << 20, Clock.systemUTC());
        caps = engine.load(Fixtures.bytes("caps.wasm"));
        pubsub = engine.load(Fixtures.bytes("pubsub.wasm"));
    }

    @AfterEach
    void tearDown() {
        buckets.close();
        log.close();
        engine.close();
    }

    private static Component component(Capabilities capabilities, Trigger... triggers) {
        return new Component(
                "c",
                ComponentType.FUNCTION,
                "file:/m.wasm",
                null,
                null,
                null,
                null,
                List.of(triggers),
                null,
                null,
                capabilities,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static Capabilities caps(
            Boolean log,
            Boolean keyvalue,
            List<String> http,
            Capabilities.Messaging messaging,
            Map<String, String> config,
            String bucket) {
        return new Capabilities(log, keyvalue, http, messaging, config, null, null, bucket);
    }

    private GrantResult grant(CapabilityGrants grants, Component component, LoadedModule module) {
        return grants.grant("shop", "orders", component, log, module);
    }

    private dev.continuum.wasm.capability.Capabilities granted(Component component) {
        var result = grant(new CapabilityGrants(buckets, new LocalMessageBroker(), "n1"), component, caps);
        assertThat(result).isInstanceOf(GrantResult.Granted.class);
        return ((GrantResult.Granted) result).capabilities();
    }

    @Test
    void nothingIsGrantedUnlessTheManifestSaysSo() {
        assertThat(granted(component(null)).granted()).isEmpty();
        assertThat(granted(component(caps(false, false, List.of(), null, Map.of(), null)))
                        .granted())
                .as("false, empty lists and empty maps grant nothing")
                .isEmpty();
        assertThat(Files.exists(buckets.file()))
                .as("the key-value file is opened only for a grant")
                .isFalse();
    }

    @Test
    void eachFieldGrantsItsCapability() {
        var all = granted(component(caps(
                true,
                true,
                List.of("https://api.example.com"),
                new Capabilities.Messaging(List.of("alerts/#"), List.of("commands/+")),
                Map.of("threshold", "30"),
                null)));

        assertThat(all.granted()).isEqualTo(EnumSet.allOf(Capability.class));
        assertThat(all.bucket()).isEqualTo("shop/orders");
        assertThat(all.httpAllowList().entries()).hasToString("[https://api.example.com:443]");
        assertThat(all.publishTopics()).containsExactly("alerts/#");
        assertThat(all.subscribeTopics()).containsExactly("commands/+");
        assertThat(all.broker()).isInstanceOf(NamespacedBroker.class);
        assertThat(all.config()).containsExactly(Map.entry("threshold", "30"));
        assertThat(Files.exists(buckets.file())).isTrue();
    }

    @Test
    void aNamedBucketIsOfThisNamespaceUnlessItNamesAnother() {
        assertThat(granted(component(caps(null, null, null, null, null, "catalog")))
                        .bucket())
                .isEqualTo("shop/catalog");
        assertThat(granted(component(caps(null, true, null, null, null, "team-a/catalog")))
                        .bucket())
                .isEqualTo("team-a/catalog");
    }

    @Test
    void anAllowListEntryTheEngineRefusesIsAnInvalidGrant() {
        var result = grant(
                new CapabilityGrants(buckets, null, "n1"),
                component(caps(null, null, List.of("http://127.1:8080"), null, null, null)),
                caps);

        assertThat(result).isInstanceOfSatisfying(GrantResult.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(CapabilityGrants.INVALID_GRANT);
            assertThat(refused.message())
                    .startsWith("component c of application orders (namespace shop): capabilities.httpOutbound: ")
                    .contains("http://127.1:8080");
            assertThat(refused.retryable()).isFalse();
        });
    }

    @Test
    void withoutABrokerOnlyWhatNeedsOneIsRefused() {
        var noBroker = new CapabilityGrants(buckets, null, "n1");
        var messaging = caps(null, null, null, new Capabilities.Messaging(List.of("a/#"), List.of()), null, null);

        var importsMessaging = grant(noBroker, component(messaging), pubsub);
        var doesNot = grant(noBroker, component(messaging), caps);
        var triggered = grant(noBroker, component(null, new Trigger(TriggerType.MQTT, null, "a/+", null)), caps);

        assertThat(importsMessaging)
                .isInstanceOfSatisfying(
                        GrantResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(CapabilityGrants.NO_BROKER));
        assertThat(doesNot)
                .isInstanceOfSatisfying(
                        GrantResult.Granted.class,
                        g -> assertThat(g.capabilities().granted()).isEqualTo(Set.of()));
        assertThat(triggered)
                .isInstanceOfSatisfying(
                        GrantResult.Refused.class,
                        r -> assertThat(r.message())
                                .contains(
                                        "has an mqtt trigger (topic a/+)",
                                        "node n1 has no MQTT broker",
                                        "--mqtt-broker"));
    }

    @Test
    void aKeyValueFileThatCannotBeOpenedIsRetryable() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the folder should be");
        var grants = new CapabilityGrants(new KeyValueBuckets(blocked.resolve("keyvalue.db")), null, "n1");

        var result = grant(grants, component(caps(null, true, null, null, null, null)), caps);

        assertThat(result).isInstanceOfSatisfying(GrantResult.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(CapabilityGrants.KEYVALUE_UNAVAILABLE);
            assertThat(refused.message()).contains("node n1 cannot open its key-value store", "blocked");
            assertThat(refused.retryable()).isTrue();
        });
    }
}
