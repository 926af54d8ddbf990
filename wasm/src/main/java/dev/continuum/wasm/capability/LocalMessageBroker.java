package dev.continuum.wasm.capability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A {@link MessageBroker} inside one process: publishing delivers synchronously to every matching
 * subscription. For a single-node setup and for tests; a real deployment wires MQTT instead.
 */
public final class LocalMessageBroker implements MessageBroker {
    private final List<Entry> subscriptions = new CopyOnWriteArrayList<>();

    private record Entry(String filter, BiConsumer<String, byte[]> consumer) {}

    @Override
    public void publish(String topic, byte[] payload) {
        for (Entry entry : subscriptions) {
            if (TopicFilter.matches(entry.filter(), topic)) {
                entry.consumer().accept(topic, payload.clone());
            }
        }
    }

    @Override
    public Subscription subscribe(String filter, BiConsumer<String, byte[]> consumer) {
        var entry = new Entry(filter, consumer);
        subscriptions.add(entry);
        return () -> subscriptions.remove(entry);
    }
}
