package dev.continuum.agent;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain MQTT client of the test: what a device outside Continuum publishes and sees on the broker. */
final class MqttProbe implements AutoCloseable {

    private final Mqtt5BlockingClient client;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    MqttProbe(int port) {
        client = Mqtt5Client.builder()
                .identifier("probe-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
        client.connect();
        client.toAsync()
                .publishes(
                        MqttGlobalPublishFilter.ALL,
                        p -> seen.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
    }

    /** Records every message on {@code filter} as {@code "topic payload"}. */
    MqttProbe watch(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return this;
    }

    void publish(String topic, String payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
