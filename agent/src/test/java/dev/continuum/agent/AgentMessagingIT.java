package dev.continuum.agent;

import static dev.continuum.agent.TestComponents.awaitLog;
import static dev.continuum.agent.TestComponents.awaitStatus;
import static dev.continuum.agent.TestComponents.bind;
import static dev.continuum.agent.TestComponents.component;
import static dev.continuum.agent.TestComponents.grant;
import static dev.continuum.agent.TestComponents.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messaging capability and MQTT triggers through a real mosquitto, started by the test on a free
 * loopback port, with real agents and modules: tenants' topics live under
 * {@code continuum/<namespace>/} on the broker and never meet.
 */
class AgentMessagingIT {

    @TempDir
    Path dir;

    private Mosquitto mosquitto;
    private TestControlPlane controlPlane;
    private TestAgents agents;
    private ContinuumClient client;

    @BeforeAll
    static void needsMosquitto() {
        Mosquitto.assumeInstalled();
    }

    @BeforeEach
    void setUp() {
        mosquitto = Mosquitto.on(dir.resolve("mosquitto")).start();
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
        client = controlPlane.client();
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
        mosquitto.close();
    }

    private Agent agent(String name) {
        return agents.start(agents.options(name).mqttBroker(mosquitto.url()));
    }

    private Path data(String node) {
        return dir.resolve(node);
    }

    private Component pubsub(String name, String mode, String topic, List<String> publish, List<String> subscribe) {
        return component(
                name,
                ComponentType.SERVICE,
                Fixtures.fileUrl(dir, "pubsub.wasm"),
                grant(null, null, null, new Capabilities.Messaging(publish, subscribe), null, null),
                null,
                null,
                mode,
                topic);
    }

    private Component triggered(String... topics) {
        return component(
                "on-reading",
                ComponentType.FUNCTION,
                Fixtures.fileUrl(dir, "mqttfn.wasm"),
                null,
                java.util.Arrays.stream(topics)
                        .map(t -> new Trigger(TriggerType.MQTT, null, t, null))
                        .toList(),
                null);
    }

    private static long count(String text, String line) {
        return Pattern.compile(Pattern.quote(line)).matcher(text).results().count();
    }

    @Test
    void componentsPublishAndSubscribeThroughTheBrokerEachTenantUnderItsOwnNamespace() throws Exception {
        agent("n1");
        try (var probe = new MqttProbe(mosquitto.port()).watch("#")) {
            bind(
                    client,
                    "default",
                    "sub-1",
                    "chat",
                    pubsub("sub", "sub", "chat/#", List.of(), List.of("chat/#")),
                    "n1");
            bind(client, "other", "sub-1", "chat", pubsub("sub", "sub", "chat/#", List.of(), List.of("chat/#")), "n1");
            awaitLog(data("n1"), "default", "sub-1", "subscribe chat/# status=0");
            awaitLog(data("n1"), "other", "sub-1", "subscribe chat/# status=0");

            bind(
                    client,
                    "default",
                    "pub-1",
                    "chat",
                    pubsub("pub", "pub", "chat/room", List.of("chat/#"), List.of()),
                    "n1");
            bind(
                    client,
                    "default",
                    "pub-2",
                    "chat",
                    pubsub("pub-elsewhere", "pub", "admin/room", List.of("chat/#"), List.of()),
                    "n1");

            String received = awaitLog(data("n1"), "default", "sub-1", "got chat/room tick 3");
            assertThat(received).contains("got chat/room tick 1", "got chat/room tick 2");
            assertThat(awaitLog(data("n1"), "default", "pub-2", "publish admin/room status="))
                    .as("a topic outside the grant is DENIED (2)")
                    .contains("publish admin/room status=2");
            assertThat(probe.seen()).contains("continuum/default/chat/room tick 1");
            assertThat(probe.seen()).allSatisfy(seen -> assertThat(seen).startsWith("continuum/default/chat/room "));
            assertThat(log(data("n1"), "other", "sub-1"))
                    .as("namespace other subscribed to chat/# too, but its chat/# is another topic")
                    .doesNotContain("got ");
            assertThat(awaitStatus(client, "default", "pub-1", s -> s.phase() == InstancePhase.RUNNING)
                            .phase())
                    .isEqualTo(InstancePhase.RUNNING);
        }
    }

    @Test
    void messagesFromOutsideReachSubscribersOfTheirNamespaceOnceEach() throws Exception {
        agent("n1");
        bind(client, "default", "all-1", "feed", pubsub("all", "sub", "sensors/#", List.of(), List.of("#")), "n1");
        bind(client, "default", "temp-1", "feed", pubsub("temp", "sub", "sensors/temp", List.of(), List.of("#")), "n1");
        awaitLog(data("n1"), "default", "all-1", "subscribe sensors/# status=0");
        awaitLog(data("n1"), "default", "temp-1", "subscribe sensors/temp status=0");

        try (var probe = new MqttProbe(mosquitto.port())) {
            probe.publish("continuum/default/sensors/temp", "21.5");
            probe.publish("continuum/default/sensors/hum", "40");
            probe.publish("continuum/other/sensors/temp", "other tenant");
            probe.publish("continuum/default/sensors/temp", "22.0");
        }

        String all = awaitLog(data("n1"), "default", "all-1", "got sensors/temp 22.0");
        String temp = awaitLog(data("n1"), "default", "temp-1", "got sensors/temp 22.0");
        assertThat(count(all, "got sensors/temp 21.5")).isEqualTo(1);
        assertThat(count(all, "got sensors/hum 40")).isEqualTo(1);
        assertThat(count(temp, "got sensors/temp 21.5")).isEqualTo(1);
        assertThat(temp).doesNotContain("sensors/hum");
        assertThat(all + temp).doesNotContain("other tenant");
    }

    @Test
    void anMqttTriggerRunsTheFunctionOncePerMessageOfItsNamespace() throws Exception {
        agent("n1");
        bind(client, "default", "fn-1", "meter", triggered("readings/+", "readings/power"), "n1");
        bind(client, "default", "fn-2", "meter", triggered("readings/+", "readings/power"), "n1");
        awaitStatus(client, "default", "fn-1", s -> s.phase() == InstancePhase.RUNNING);
        awaitStatus(client, "default", "fn-2", s -> s.phase() == InstancePhase.RUNNING);
        awaitLog(data("n1"), "default", "fn-2", "runs on MQTT messages of readings/+, readings/power");

        try (var probe = new MqttProbe(mosquitto.port())) {
            probe.publish("continuum/default/readings/power", "1.5 kW");
            probe.publish("continuum/default/readings/water", "3 l");
            probe.publish("continuum/default/readings/a/b", "too deep");
            probe.publish("continuum/tenant-b/readings/power", "not ours");
            probe.publish("continuum/default/readings/power", "last");
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> (log(data("n1"), "default", "fn-1") + log(data("n1"), "default", "fn-2"))
                        .contains("mqtt POST readings/power last"));
        String logs = log(data("n1"), "default", "fn-1") + log(data("n1"), "default", "fn-2");
        assertThat(count(logs, "mqtt POST readings/power 1.5 kW")).isEqualTo(1);
        assertThat(count(logs, "mqtt POST readings/water 3 l")).isEqualTo(1);
        assertThat(count(logs, "mqtt readings/power -> 200")).isEqualTo(2);
        assertThat(logs).doesNotContain("too deep", "not ours");
    }

    @Test
    void theAgentStartsWithoutItsBrokerAndCarriesOnWhenTheBrokerComesAndGoes() throws Exception {
        mosquitto.stop();
        agent("n1");
        bind(client, "default", "fn-1", "meter", triggered("readings/#"), "n1");
        awaitStatus(client, "default", "fn-1", s -> s.phase() == InstancePhase.RUNNING);

        mosquitto.start();
        publishUntilRun("first");

        mosquitto.stop();
        mosquitto.start();
        publishUntilRun("after a broker restart");
    }

    /** Publishes {@code payload} (numbered) until the triggered function ran for one. */
    private void publishUntilRun(String payload) {
        var attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (var probe = new MqttProbe(mosquitto.port())) {
                        probe.publish("continuum/default/readings/power", payload + " " + attempt.incrementAndGet());
                    }
                    return log(data("n1"), "default", "fn-1").contains("mqtt POST readings/power " + payload + " ");
                });
    }
}
