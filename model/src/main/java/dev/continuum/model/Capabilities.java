package dev.continuum.model;

import java.util.List;
import java.util.Map;

/**
 * What a component's code may use on its node, deny by default: logging, a key-value bucket of its
 * application, outbound HTTP to listed {@code scheme://host:port} targets, MQTT topics, config
 * values, and an accelerator.
 */
public record Capabilities(
        Boolean log,
        Boolean keyvalue,
        List<String> httpOutbound,
        Messaging messaging,
        Map<String, String> config,
        Boolean accelerator) {

    public Capabilities {
        httpOutbound = Collections2.list(httpOutbound);
        config = Collections2.map(config);
    }

    /** MQTT topics (filters) a component may publish and subscribe to. */
    public record Messaging(List<String> publish, List<String> subscribe) {
        public Messaging {
            publish = Collections2.list(publish);
            subscribe = Collections2.list(subscribe);
        }
    }
}
