package dev.continuum.wasm.capability;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one component may use, deny by default: {@link #none()} grants nothing and each
 * {@code with*} copy grants one capability together with what backs it. A module that imports a
 * function of a capability not granted here is refused at link time.
 *
 * @param log where {@code continuum.log} lines go, or null when not granted
 * @param keyValue the store, or null when not granted
 * @param bucket the application's bucket in {@code keyValue}
 * @param httpAllowList the {@code scheme://host:port} targets, or null when not granted
 * @param broker the message broker, or null when not granted
 * @param publishTopics MQTT topic filters the component may publish to
 * @param subscribeTopics MQTT topic filters the component may subscribe to
 * @param config the values {@code continuum.config_get} returns, or null when not granted
 */
public record Capabilities(
        LogSink log,
        KeyValueStore keyValue,
        String bucket,
        HttpAllowList httpAllowList,
        MessageBroker broker,
        List<String> publishTopics,
        List<String> subscribeTopics,
        Map<String, String> config) {

    public Capabilities {
        publishTopics = List.copyOf(publishTopics);
        subscribeTopics = List.copyOf(subscribeTopics);
        config = config == null ? null : Map.copyOf(config);
        if ((keyValue == null) != (bucket == null)) {
            throw new IllegalArgumentException("a keyvalue grant needs both a store and a bucket");
        }
    }

    /** Grants nothing. */
    public static Capabilities none() {
        return new Capabilities(null, null, null, null, null, List.of(), List.of(), null);
    }

    public Capabilities withLog(LogSink sink) {
        return new Capabilities(
                Objects.requireNonNull(sink),
                keyValue,
                bucket,
                httpAllowList,
                broker,
                publishTopics,
                subscribeTopics,
                config);
    }

    /** Grants the key-value bucket {@code bucketName} (one per application) in {@code store}. */
    public Capabilities withKeyValue(KeyValueStore store, String bucketName) {
        return new Capabilities(
                log,
                Objects.requireNonNull(store),
                Objects.requireNonNull(bucketName),
                httpAllowList,
                broker,
                publishTopics,
                subscribeTopics,
                config);
    }

    public Capabilities withHttpOutbound(HttpAllowList allowList) {
        return new Capabilities(
                log,
                keyValue,
                bucket,
                Objects.requireNonNull(allowList),
                broker,
                publishTopics,
                subscribeTopics,
                config);
    }

    /** Grants publishing to and subscribing to the given MQTT topic filters on {@code messageBroker}. */
    public Capabilities withMessaging(MessageBroker messageBroker, List<String> publish, List<String> subscribe) {
        return new Capabilities(
                log,
                keyValue,
                bucket,
                httpAllowList,
                Objects.requireNonNull(messageBroker),
                publish,
                subscribe,
                config);
    }

    public Capabilities withConfig(Map<String, String> values) {
        return new Capabilities(
                log,
                keyValue,
                bucket,
                httpAllowList,
                broker,
                publishTopics,
                subscribeTopics,
                Objects.requireNonNull(values));
    }

    /** The capabilities this grant covers. */
    public Set<Capability> granted() {
        var set = EnumSet.noneOf(Capability.class);
        if (log != null) {
            set.add(Capability.LOG);
        }
        if (keyValue != null) {
            set.add(Capability.KEYVALUE);
        }
        if (httpAllowList != null) {
            set.add(Capability.HTTP_OUTBOUND);
        }
        if (broker != null) {
            set.add(Capability.MESSAGING);
        }
        if (config != null) {
            set.add(Capability.CONFIG);
        }
        return set;
    }
}
