package dev.continuum.agent;

import dev.continuum.agent.capability.MqttBrokerAddress;
import dev.continuum.agent.node.LeaseTimings;
import dev.continuum.model.Location;
import dev.continuum.model.Tier;
import dev.continuum.model.validation.Names;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link Agent}. Build one with {@link #builder()}; every option has a flag-friendly
 * name (the {@code --kebab-case} of the builder method) and the same key in the YAML config file.
 *
 * <p>Precedence, highest first: what was set on the builder (flags), the config file
 * ({@link Builder#configFile}), the defaults below. Declared facts ({@code arch}, {@code os},
 * {@code tier}, {@code location}, {@code labels}) win over discovered ones.
 *
 * @param server the control plane's API, e.g. {@code https://127.0.0.1:7070} (required)
 * @param bootstrapToken the one-time token to join with; needed only until the node token is stored
 * @param nodeName this node's name (default: the host name, lowercased)
 * @param dataDir where the node token, the module cache and the logs live (default {@code ~/.continuum/agent})
 * @param tier the node's tier, or null to leave it unset (or as a user set it)
 * @param parent the node's uplink, or null
 * @param labels labels merged into the Node's labels
 * @param location where the node is, or null
 * @param arch declared CPU architecture (Go names: amd64, arm64, riscv64), overriding the discovered one
 * @param os declared operating system (linux, darwin, windows), overriding the discovered one
 * @param gatewayHost the address the gateway listens on (default {@code 0.0.0.0})
 * @param gatewayPort the gateway's port (default 7080; 0 picks a free one)
 * @param gatewayAddress the URL other nodes and the control plane reach the gateway at (default
 *     {@code http://<gateway host, or the host name when it listens on all addresses>:<port>})
 * @param leaseRenewInterval how often the lease is renewed (default by tier, see {@link LeaseTimings}:
 *     2s for cloud nodes and nodes without a tier)
 * @param leaseDuration how long one renewal counts: the grace after which the node is unreachable
 *     (default by tier: {@code renewal × 3 + network + store failover allowances}, 10s for cloud)
 * @param restartBackoff the first delay before a failed service is restarted (default 1s); it
 *     doubles on every further failure
 * @param restartBackoffMax the longest delay between restarts (default 5m)
 * @param configFile the YAML file the options were read from, or null
 * @param clock the source of time for statuses, leases and log lines
 * @param caHash the pin ({@code sha256:<hex>}) of the cluster CA to trust on the first join over
 *     {@code https}; afterwards the CA stored in the data folder is trusted
 * @param caFile the cluster CA's certificate (PEM) to trust, instead of a pin
 * @param mqttBroker the MQTT broker for the messaging capability and MQTT triggers, or null for
 *     none (components that need one then fail with {@code NoBroker})
 */
public record AgentOptions(
        URI server,
        String bootstrapToken,
        String nodeName,
        Path dataDir,
        Tier tier,
        String parent,
        Map<String, String> labels,
        Location location,
        String arch,
        String os,
        String gatewayHost,
        int gatewayPort,
        String gatewayAddress,
        Duration leaseRenewInterval,
        Duration leaseDuration,
        Duration restartBackoff,
        Duration restartBackoffMax,
        Path configFile,
        Clock clock,
        String caHash,
        Path caFile,
        MqttBrokerAddress mqttBroker) {

    public static final int DEFAULT_GATEWAY_PORT = 7080;
    public static final String DEFAULT_GATEWAY_HOST = "0.0.0.0";
    public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESTART_BACKOFF_MAX = Duration.ofMinutes(5);

    public AgentOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(gatewayHost, "gatewayHost");
        Objects.requireNonNull(clock, "clock");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        requirePositive("leaseRenewInterval", leaseRenewInterval);
        requirePositive("leaseDuration", leaseDuration);
        requirePositive("restartBackoff", restartBackoff);
        requirePositive("restartBackoffMax", restartBackoffMax);
        if (gatewayPort < 0 || gatewayPort > 65535) {
            throw new IllegalArgumentException("gatewayPort " + gatewayPort + " is not a port (0..65535; 0 picks one)");
        }
        if (leaseDuration.compareTo(leaseRenewInterval) <= 0) {
            throw new IllegalArgumentException("leaseDuration (" + leaseDuration
                    + ") must be longer than leaseRenewInterval (" + leaseRenewInterval
                    + "), or the lease expires between renewals");
        }
        String nameProblem = Names.checkSubdomain(nodeName);
        if (nameProblem != null) {
            throw new IllegalArgumentException("nodeName: " + nameProblem + " (set --node-name)");
        }
        for (var label : labels.entrySet()) {
            String problem = Names.checkLabelKey(label.getKey());
            if (problem == null) {
                problem = Names.checkLabelValue(label.getValue());
            }
            if (problem != null) {
                throw new IllegalArgumentException("labels: " + problem);
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the agent speaks TLS: to the control plane, on its gateway and to other gateways. */
    public boolean tls() {
        return "https".equals(server.getScheme());
    }

    /**
     * The URL of the gateway once it listens on {@code port}: the declared address, or one derived from
     * the host, {@code https} when the agent speaks TLS.
     */
    public String gatewayAddressFor(int port) {
        if (gatewayAddress != null) {
            return gatewayAddress;
        }
        String host = gatewayHost;
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = localHostName();
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (tls() ? "https://" : "http://") + host + ":" + port;
    }

    /** The machine's host name, or {@code localhost} when it has none. */
    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The default node name: the host name, lowercased, up to its first dot if it is not a valid name whole. */
    static String defaultNodeName() {
        String host = localHostName().toLowerCase(Locale.ROOT);
        if (Names.checkSubdomain(host) == null) {
            return host;
        }
        String first = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        String cleaned = first.replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "node" : cleaned;
    }

    /**
     * Collects options. Setters record what was set explicitly (flags); {@link #build()} fills the
     * rest from the config file, then from the defaults. Not thread-safe.
     */
    public static final class Builder {
        URI server;
        String bootstrapToken;
        String nodeName;
        Path dataDir;
        Tier tier;
        String parent;
        final Map<String, String> labels = new LinkedHashMap<>();
        String region;
        String zone;
        String site;
        Double lat;
        Double lon;
        String arch;
        String os;
        String gatewayHost;
        Integer gatewayPort;
        String gatewayAddress;
        Duration leaseRenewInterval;
        Duration leaseDuration;
        Duration restartBackoff;
        Duration restartBackoffMax;
        Path configFile;
        Clock clock;
        String caHash;
        Path caFile;
        String mqttBroker;

        Builder() {}

        /** {@code --server}: the control plane's API URL. */
        public Builder server(URI value) {
            this.server = value;
            return this;
        }

        /** {@code --server}, as text; a missing scheme means {@code https://}. */
        public Builder server(String value) {
            return server(parseServer(value, "--server"));
        }

        /** {@code --ca-hash}: the cluster CA's pin, {@code sha256:<hex>}, for the first join over https. */
        public Builder caHash(String value) {
            this.caHash = value;
            return this;
        }

        /** {@code --ca-file}: the cluster CA's certificate to trust. */
        public Builder caFile(Path value) {
            this.caFile = value;
            return this;
        }

        /** {@code --bootstrap-token}. */
        public Builder bootstrapToken(String value) {
            this.bootstrapToken = value;
            return this;
        }

        /** {@code --node-name}. */
        public Builder nodeName(String value) {
            this.nodeName = value;
            return this;
        }

        /** {@code --data-dir}. */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** {@code --tier}. */
        public Builder tier(Tier value) {
            this.tier = value;
            return this;
        }

        /** {@code --parent}. */
        public Builder parent(String value) {
            this.parent = value;
            return this;
        }

        /** {@code --label key=value} (repeatable); flags win over the config file key by key. */
        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        /** {@code --label} for several at once. */
        public Builder labels(Map<String, String> value) {
            this.labels.putAll(value);
            return this;
        }

        /** {@code --region}, {@code --zone}, {@code --site}, {@code --lat}, {@code --lon} at once; nulls leave a part unset. */
        public Builder location(Location value) {
            if (value != null) {
                region = value.region();
                zone = value.zone();
                site = value.site();
                lat = value.lat();
                lon = value.lon();
            }
            return this;
        }

        /** {@code --region}. */
        public Builder region(String value) {
            this.region = value;
            return this;
        }

        /** {@code --zone}. */
        public Builder zone(String value) {
            this.zone = value;
            return this;
        }

        /** {@code --site}. */
        public Builder site(String value) {
            this.site = value;
            return this;
        }

        /** {@code --lat} and {@code --lon}. */
        public Builder coordinates(Double latitude, Double longitude) {
            this.lat = latitude;
            this.lon = longitude;
            return this;
        }

        /** {@code --arch}: declared architecture (Go name), overriding discovery. */
        public Builder arch(String value) {
            this.arch = value;
            return this;
        }

        /** {@code --os}: declared operating system, overriding discovery. */
        public Builder os(String value) {
            this.os = value;
            return this;
        }

        /** {@code --gateway-host}. */
        public Builder gatewayHost(String value) {
            this.gatewayHost = value;
            return this;
        }

        /** {@code --gateway-port}; 0 picks a free port. */
        public Builder gatewayPort(int value) {
            this.gatewayPort = value;
            return this;
        }

        /** {@code --gateway-address}: the URL others reach this gateway at. */
        public Builder gatewayAddress(String value) {
            this.gatewayAddress = value;
            return this;
        }

        /** {@code --lease-renew-interval}. */
        public Builder leaseRenewInterval(Duration value) {
            this.leaseRenewInterval = value;
            return this;
        }

        /** {@code --lease-duration}. */
        public Builder leaseDuration(Duration value) {
            this.leaseDuration = value;
            return this;
        }

        /** {@code --restart-backoff}. */
        public Builder restartBackoff(Duration value) {
            this.restartBackoff = value;
            return this;
        }

        /** {@code --restart-backoff-max}. */
        public Builder restartBackoffMax(Duration value) {
            this.restartBackoffMax = value;
            return this;
        }

        /** {@code --mqtt-broker}: {@code mqtt://host[:port]} or {@code mqtts://host[:port]}, for messaging and MQTT triggers. */
        public Builder mqttBroker(String value) {
            this.mqttBroker = value;
            return this;
        }

        /** {@code --config}: a YAML file with the same options; what was set here wins over it. */
        public Builder configFile(Path value) {
            this.configFile = value;
            return this;
        }

        /** The clock (tests); not a flag. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * Merges in the config file (if any) and the defaults.
         *
         * @throws AgentConfigException when the config file cannot be read or is invalid (naming file,
         *     line and key), a required option is missing, or an option has an invalid value
         */
        public AgentOptions build() {
            Builder merged = this;
            if (configFile != null) {
                merged = AgentConfigFile.read(configFile).overlay(this);
            }
            try {
                return merged.withDefaults();
            } catch (IllegalArgumentException e) {
                throw new AgentConfigException(
                        e.getMessage() + (configFile == null ? "" : " (from the flags and " + configFile + ")"), e);
            }
        }

        private AgentOptions withDefaults() {
            if (server == null) {
                throw new AgentConfigException("no control plane given: pass --server https://HOST:7070"
                        + (configFile == null ? "" : " or set server: in " + configFile));
            }
            Duration renewal = leaseRenewInterval == null ? LeaseTimings.renewal(tier) : leaseRenewInterval;
            Location location = region == null && zone == null && site == null && lat == null && lon == null
                    ? null
                    : new Location(region, zone, site, lat, lon);
            return new AgentOptions(
                    server,
                    blankToNull(bootstrapToken),
                    nodeName == null ? defaultNodeName() : nodeName,
                    dataDir == null ? Path.of(System.getProperty("user.home"), ".continuum", "agent") : dataDir,
                    tier,
                    blankToNull(parent),
                    labels,
                    location,
                    arch == null ? null : arch.toLowerCase(Locale.ROOT),
                    os == null ? null : os.toLowerCase(Locale.ROOT),
                    gatewayHost == null ? DEFAULT_GATEWAY_HOST : gatewayHost,
                    gatewayPort == null ? DEFAULT_GATEWAY_PORT : gatewayPort,
                    blankToNull(gatewayAddress),
                    renewal,
                    leaseDuration == null ? LeaseTimings.grace(tier, renewal) : leaseDuration,
                    restartBackoff == null ? DEFAULT_RESTART_BACKOFF : restartBackoff,
                    restartBackoffMax == null ? DEFAULT_RESTART_BACKOFF_MAX : restartBackoffMax,
                    configFile,
                    clock == null ? Clock.systemUTC() : clock,
                    blankToNull(caHash),
                    caFile,
                    mqttBroker == null ? null : MqttBrokerAddress.parse(mqttBroker, "--mqtt-broker"));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        static URI parseServer(String value, String where) {
            if (value == null || value.isBlank()) {
                throw new AgentConfigException(
                        where + " is empty; give the control plane's URL, e.g. https://127.0.0.1:7070");
            }
            try {
                URI uri = URI.create(value.contains("://") ? value : "https://" + value);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new AgentConfigException(
                        where + " \"" + value + "\" is not a URL like https://127.0.0.1:7070", e);
            }
        }
    }
}
