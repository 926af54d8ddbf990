package dev.continuum.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientState;
import dev.continuum.agent.Mosquitto;
import dev.continuum.wasm.capability.MessageBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's MQTT connection against a real mosquitto started by the test on a free loopback port. */
class MqttMessageBrokerIT {

    @TempDir
    Path dir;

    private Mosquitto mosquitto;
    private MqttMessageBroker broker;

    @BeforeEach
    void setUp() {
        mosquitto = Mosquitto.on(dir).start();
        broker = MqttMessageBroker.connect(MqttBrokerAddress.parse(mosquitto.url(), "test"), "continuum-test");
        await().atMost(Duration.ofSeconds(10)).until(broker::connected);
    }

    @AfterEach
    void tearDown() {
        broker.close();
        mosquitto.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageBroker.Subscription record(MessageBroker broker, String filter, List<String> into) {
        return broker.subscribe(
                filter, (topic, payload) -> into.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
    }

    @Test
    void overlappingSubscribersShareOneWireSubscriptionAndGetEachMessageOnce() {
        var plus = new CopyOnWriteArrayList<String>();
        var exact = new CopyOnWriteArrayList<String>();
        var sub = record(broker, "c/a/+/c", plus);
        record(broker, "c/a/b/+", exact);

        assertThat(broker.wireFilters()).containsExactly("c/a/+/+");

        broker.publish("c/a/b/c", bytes("one"));
        broker.publish("c/a/x/c", bytes("two"));
        broker.publish("c/a/x/y", bytes("nobody's"));
        broker.publish("c/a/b/z", bytes("three"));

        await().atMost(Duration.ofSeconds(10)).until(() -> plus.size() >= 2 && exact.size() >= 2);
        assertThat(plus).containsExactly("c/a/b/c one", "c/a/x/c two");
        assertThat(exact).containsExactly("c/a/b/c one", "c/a/b/z three");

        sub.close();
        assertThat(broker.wireFilters()).containsExactly("c/a/b/+");
    }

    @Test
    void afterCloseNothingIsAcceptedAndNothingReconnects() {
        broker.close();

        assertThat(broker.state()).isEqualTo(MqttClientState.DISCONNECTED);
        assertThatThrownBy(() -> broker.publish("c/a", bytes("late")))
                .isInstanceOf(MessageBroker.BrokerException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> broker.subscribe("c/#", (t, p) -> {}))
                .isInstanceOf(MessageBroker.BrokerException.class);
    }

    @Test
    void closingWhileTheBrokerIsAwayStopsTheRetries() {
        mosquitto.stop();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.state() == MqttClientState.DISCONNECTED_RECONNECT
                        || broker.state() == MqttClientState.CONNECTING_RECONNECT);

        broker.close();

        // The retry under way is the last one; retries are at most 30 s apart.
        await().atMost(Duration.ofSeconds(45)).until(() -> broker.state() == MqttClientState.DISCONNECTED);
    }

    @Test
    void aMessagePublishedWhileTheBrokerIsAwayIsSentWhenItIsBack() {
        var seen = new CopyOnWriteArrayList<String>();
        record(broker, "c/queue/#", seen);
        mosquitto.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.connected());

        broker.publish("c/queue/x", bytes("kept"));
        mosquitto.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("c/queue/x kept"));
    }
}
