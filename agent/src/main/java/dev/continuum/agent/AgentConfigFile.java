package dev.continuum.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.continuum.model.DurationText;
import dev.continuum.model.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's YAML config file: the options of {@link AgentOptions} under the same names.
 *
 * <pre>
 * server: http://10.0.0.1:7070
 * nodeName: gw-7
 * tier: gateway
 * labels: {site: plant-3}
 * location: {region: eu-west, zone: eu-west-1a, lat: 48.1, lon: 11.6}
 * gatewayPort: 7080
 * leaseRenewInterval: 2s
 * </pre>
 *
 * Strict: an unknown key or a value of the wrong type is an {@link AgentConfigException} naming the
 * file, the line and the key. A relative {@code dataDir} is taken relative to the file's folder.
 */
final class AgentConfigFile {

    private static final ObjectMapper YAML = mapper();

    private AgentConfigFile() {}

    /** What the file may hold; every field is optional. */
    record Contents(
            String server,
            String bootstrapToken,
            String nodeName,
            String dataDir,
            Tier tier,
            String parent,
            Map<String, String> labels,
            FileLocation location,
            String arch,
            String os,
            String gatewayHost,
            Integer gatewayPort,
            String gatewayAddress,
            Duration leaseRenewInterval,
            Duration leaseDuration,
            Duration restartBackoff,
            Duration restartBackoffMax,
            String caHash,
            String caFile,
            String mqttBroker) {}

    record FileLocation(String region, String zone, String site, Double lat, Double lon) {}

    /** The options a file sets, as a builder to {@link Layer#overlay overlay} explicit settings onto. */
    static Layer read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new AgentConfigException("config file " + file + " does not exist; check --config");
        } catch (IOException e) {
            throw new AgentConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            return new Layer(
                    file,
                    new Contents(
                            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                            null, null, null, null, null));
        }
        try {
            return new Layer(file, YAML.readValue(text, Contents.class));
        } catch (JsonProcessingException e) {
            throw new AgentConfigException(describe(file, text, e), e);
        }
    }

    private static String describe(Path file, String text, JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // Jackson reports where it stopped reading, often the line after the key at fault.
            String key = mapping.getPath().getLast().getFieldName();
            int keyLine = key == null ? 0 : lineOfKey(text, key);
            line = keyLine > 0 ? keyLine : line;
        }
        String where = file + (line > 0 ? ":" + line : "");
        if (e instanceof UnrecognizedPropertyException unknown) {
            String path = path(unknown);
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : "; known keys: "
                            + unknown.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .collect(Collectors.joining(", "));
            return where + ": " + path + ": unknown key" + known;
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            Throwable root = mapping;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException
                    ? root.getMessage()
                    : firstLine(mapping.getOriginalMessage());
            return where + ": " + (path.isEmpty() ? "" : path + ": ") + why;
        }
        return where + ": not valid YAML: " + firstLine(e.getOriginalMessage());
    }

    /** The 1-based line where {@code key:} first appears, or 0. */
    private static int lineOfKey(String text, String key) {
        var pattern =
                java.util.regex.Pattern.compile("^[\\s{,-]*\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:.*");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (pattern.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid value";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static ObjectMapper mapper() {
        var mapper = new ObjectMapper(new YAMLFactory());
        var module = new SimpleModule("continuum-agent-config");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return DurationText.parse(text);
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage() + " (expected e.g. 500ms, 2s, 1m)", e);
                }
            }
        });
        mapper.registerModule(module);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /** One file's settings, ready to be put under the explicitly set options. */
    record Layer(Path file, Contents contents) {

        /** A builder with the file's settings, then {@code explicit}'s settings on top. */
        AgentOptions.Builder overlay(AgentOptions.Builder explicit) {
            Contents c = contents;
            var merged = AgentOptions.builder();
            merged.server = explicit.server != null
                    ? explicit.server
                    : c.server() == null ? null : AgentOptions.Builder.parseServer(c.server(), file + ": server");
            merged.bootstrapToken = pick(explicit.bootstrapToken, c.bootstrapToken());
            merged.nodeName = pick(explicit.nodeName, c.nodeName());
            merged.dataDir =
                    explicit.dataDir != null ? explicit.dataDir : c.dataDir() == null ? null : resolve(c.dataDir());
            merged.tier = pick(explicit.tier, c.tier());
            merged.parent = pick(explicit.parent, c.parent());
            if (c.labels() != null) {
                merged.labels.putAll(c.labels());
            }
            merged.labels.putAll(explicit.labels);
            FileLocation l = c.location();
            merged.region = pick(explicit.region, l == null ? null : l.region());
            merged.zone = pick(explicit.zone, l == null ? null : l.zone());
            merged.site = pick(explicit.site, l == null ? null : l.site());
            merged.lat = pick(explicit.lat, l == null ? null : l.lat());
            merged.lon = pick(explicit.lon, l == null ? null : l.lon());
            merged.arch = pick(explicit.arch, c.arch());
            merged.os = pick(explicit.os, c.os());
            merged.gatewayHost = pick(explicit.gatewayHost, c.gatewayHost());
            merged.gatewayPort = pick(explicit.gatewayPort, c.gatewayPort());
            merged.gatewayAddress = pick(explicit.gatewayAddress, c.gatewayAddress());
            merged.leaseRenewInterval = pick(explicit.leaseRenewInterval, c.leaseRenewInterval());
            merged.leaseDuration = pick(explicit.leaseDuration, c.leaseDuration());
            merged.restartBackoff = pick(explicit.restartBackoff, c.restartBackoff());
            merged.restartBackoffMax = pick(explicit.restartBackoffMax, c.restartBackoffMax());
            merged.caHash = pick(explicit.caHash, c.caHash());
            merged.caFile = explicit.caFile != null ? explicit.caFile : c.caFile() == null ? null : resolve(c.caFile());
            merged.mqttBroker = pick(explicit.mqttBroker, c.mqttBroker());
            merged.configFile = file;
            merged.clock = explicit.clock;
            return merged;
        }

        private Path resolve(String dir) {
            Path p = Path.of(dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir);
            Path parent = file.toAbsolutePath().getParent();
            return p.isAbsolute() || parent == null ? p : parent.resolve(p).normalize();
        }

        private static <T> T pick(T explicit, T fromFile) {
            return explicit != null ? explicit : fromFile;
        }
    }
}
