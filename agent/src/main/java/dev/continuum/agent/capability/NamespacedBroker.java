package dev.continuum.agent.capability;

import dev.continuum.wasm.capability.MessageBroker;
import java.util.function.BiConsumer;

/**
 * One namespace's view of the node's broker: a guest's topic {@code sensors/temp} in namespace
 * {@code shop} is {@code continuum/shop/sensors/temp} on the wire, and its filter {@code #} is
 * {@code continuum/shop/#}, so tenants never meet on the broker (namespace names cannot hold
 * {@code /}, {@code +} or {@code #}). Deliveries come back with the prefix taken off. Thread-safe
 * when the wire broker is.
 */
public final class NamespacedBroker implements MessageBroker {
    /** The first level of every topic Continuum components use on the broker. */
    public static final String ROOT = "continuum";

    private final MessageBroker wire;
    private final String prefix;

    public NamespacedBroker(MessageBroker wire, String namespace) {
        this.wire = wire;
        this.prefix = prefix(namespace);
    }

    /** {@code continuum/<namespace>/}: what every topic of the namespace starts with on the wire. */
    public static String prefix(String namespace) {
        return ROOT + "/" + namespace + "/";
    }

    /** The wire topic or filter of a namespace's {@code topic}. */
    public static String onWire(String namespace, String topic) {
        return prefix(namespace) + topic;
    }

    @Override
    public void publish(String topic, byte[] payload) {
        wire.publish(prefix + topic, payload);
    }

    @Override
    public Subscription subscribe(String filter, BiConsumer<String, byte[]> consumer) {
        return wire.subscribe(prefix + filter, (topic, payload) -> {
            if (topic.startsWith(prefix)) {
                consumer.accept(topic.substring(prefix.length()), payload);
            }
        });
    }
}
