package dev.continuum.agent.capability;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the node's MQTT broker is: {@code mqtt://host[:port]} (plain, port 1883) or
 * {@code mqtts://host[:port]} (TLS verified against the JVM's trust store, port 8883), with an
 * optional {@code user:password@} for the broker's simple authentication.
 *
 * @param username null when the broker needs no credentials
 * @param password null when none was given
 */
public record MqttBrokerAddress(String host, int port, boolean tls, String username, String password) {

    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;

    /**
     * Parses {@code text}.
     *
     * @param where names the flag or file key it came from, for the message
     * @throws IllegalArgumentException saying what is wrong and what a good value looks like
     */
    public static MqttBrokerAddress parse(String text, String where) {
        String example = " (expected e.g. mqtt://127.0.0.1:1883 or mqtts://broker.example:8883)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(where + " is empty" + example);
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " \"" + text + "\" is not a URL" + example, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
            throw new IllegalArgumentException(
                    where + " \"" + text + "\" must start with mqtt:// or mqtts://" + example);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(where + " \"" + text + "\" names no host" + example);
        }
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException(
                    where + " \"" + text + "\" has a path; give only scheme://host[:port]" + example);
        }
        boolean tls = scheme.equals("mqtts");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        return new MqttBrokerAddress(uri.getHost(), port, tls, user, password);
    }

    /** The address without credentials, for logs and messages. */
    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
