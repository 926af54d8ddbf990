package dev.continuum.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This agent's version, as the build wrote it into {@code version.properties}. */
final class AgentVersion {

    private static final String VERSION = read();

    private AgentVersion() {}

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            var properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
