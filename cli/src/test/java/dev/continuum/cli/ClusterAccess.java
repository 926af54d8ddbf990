package dev.continuum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.security.CaPin;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * How an end-to-end test talks to a control plane it started as a process: what the control plane
 * wrote to {@code <data dir>/config.yaml} (the {@code server} URL, the cluster CA's {@code caFile},
 * the administrator's {@code token}), as the CLI reads it.
 *
 * <pre>
 *   ContinuumProcess server = ContinuumProcess.start(dir, "server", "server", "--data-dir", d, "--port", p);
 *   ClusterAccess cluster = ClusterAccess.await(d, server);     // config written, API ready
 *   ContinuumProcess.start(dir, "n1", concat("agent", cluster.agentFlags(), "--node-name", "n1", ...));
 *   cluster.run("get", "nodes");                               // the CLI, with CONTINUUM_CONFIG set
 *   cluster.client().list(Node.class, null);                   // the Java client, as the administrator
 *   cluster.gatewayHttp()                                      // an HttpClient that trusts node gateways
 * </pre>
 *
 * For {@code continuum up --data-dir D} the config is in {@code D} (the control plane's data folder
 * is {@code D/server}); for {@code continuum server --data-dir D} it is in {@code D}.
 */
public final class ClusterAccess implements AutoCloseable {

    private final Path configFile;
    private final URI server;
    private final Path caFile;
    private final X509Certificate ca;
    private final String adminToken;
    private ContinuumClient admin;

    private ClusterAccess(Path configFile, URI server, Path caFile, String adminToken) {
        this.configFile = configFile;
        this.server = server;
        this.caFile = caFile;
        this.adminToken = adminToken;
        try {
            this.ca = caFile == null ? null : Pem.readCertificate(Files.readString(caFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code <folder>/config.yaml}. */
    public static ClusterAccess of(Path folder) {
        Path file = folder.resolve("config.yaml");
        try {
            JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            String ca = config.path("caFile").asText(null);
            return new ClusterAccess(
                    file,
                    URI.create(config.path("server").asText()),
                    ca == null ? null : Path.of(ca),
                    config.path("token").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client config " + file, e);
        }
    }

    /**
     * Waits (at most 90 s) until the control plane {@code process} wrote {@code <folder>/config.yaml}
     * and its API is ready, and reads it.
     *
     * @throws AssertionError with the process's output when it died first
     */
    public static ClusterAccess await(Path folder, ContinuumProcess process) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !process.alive() || Files.exists(folder.resolve("config.yaml")));
        if (!process.alive()) {
            throw new AssertionError("the control plane did not start:\n" + process);
        }
        ClusterAccess access = of(folder);
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !process.alive() || access.client().ready());
        if (!process.alive()) {
            throw new AssertionError("the control plane stopped:\n" + process);
        }
        return access;
    }

    public URI server() {
        return server;
    }

    /** The cluster CA's certificate file ({@code --ca-file}, {@code curl --cacert}). */
    public Path caFile() {
        return caFile;
    }

    public Path configFile() {
        return configFile;
    }

    public String adminToken() {
        return adminToken;
    }

    /** {@code sha256:<hex>}, the pin agents join with. */
    public String caHash() {
        return CaPin.of(ca).toString();
    }

    /** The administrator's client (shared; closed with this). */
    public synchronized ContinuumClient client() {
        if (admin == null) {
            admin = client(adminToken);
        }
        return admin;
    }

    /** A client with {@code token}; the caller closes it. */
    public ContinuumClient client(String token) {
        return ContinuumClient.connect(
                server, token, ClientOptions.defaults(), ca == null ? null : ClientTls.trusting(ca));
    }

    /** A new single-use bootstrap token (valid 10 minutes). */
    public String joinToken() {
        return client().createBootstrapToken(Duration.ofMinutes(10), "end-to-end test")
                .token();
    }

    /** {@code --server URL --token <a new bootstrap token> --ca-hash <pin>}: what an agent joins with. */
    public List<String> agentFlags() {
        return agentFlags(server.toString());
    }

    /** As {@link #agentFlags()}, reaching the control plane at {@code url} (a proxy in between, say). */
    public List<String> agentFlags(String url) {
        return ca == null
                ? List.of("--server", url, "--token", joinToken())
                : List.of("--server", url, "--token", joinToken(), "--ca-hash", caHash());
    }

    /** The CLI as the administrator: {@code CONTINUUM_CONFIG} points at the config. */
    public ContinuumProcess.Result run(String... args) {
        return ContinuumProcess.run(Map.of("CONTINUUM_CONFIG", configFile.toString()), args);
    }

    /** An HTTP client for nodes' gateways, trusting node certificates of the cluster CA. */
    public HttpClient gatewayHttp() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) {
            builder.sslContext(Tls.client(ca, PeerRole.NODE, null));
        }
        return builder.build();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
