package dev.continuum.model;

import java.util.List;
import java.util.Map;

/**
 * What a component's code may use on its node, deny by default: logging, a key-value bucket of its
 * application, outbound HTTP to listed {@code scheme://host:port} targets, MQTT topics, config
 * values, an accelerator, and other components' functions.
 *
 * @param calls the functions this component may call, each {@code application/component} (this
 *     namespace) or {@code namespace/application/component} (another namespace, which must export it)
 * @param bucket the key-value bucket to use instead of its own application's: {@code application}
 *     (this namespace) or {@code namespace/application} (another namespace, which must export it)
 */
public record Capabilities(
        Boolean log,
        Boolean keyvalue,
        List<String> httpOutbound,
        Messaging messaging,
        Map<String, String> config,
        Boolean accelerator,
        List<String> calls,
        String bucket) {

    public Capabilities {
        httpOutbound = Collections2.list(httpOutbound);
        config = Collections2.map(config);
        calls = Collections2.list(calls);
    }

    /** MQTT topics (filters) a component may publish and subscribe to. */
    public record Messaging(List<String> publish, List<String> subscribe) {
        public Messaging {
            publish = Collections2.list(publish);
            subscribe = Collections2.list(subscribe);
        }
    }
}
