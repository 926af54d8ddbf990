package dev.continuum.cli;

import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.security.CredentialException;
import dev.continuum.security.PeerRole;
import dev.continuum.security.Pem;
import dev.continuum.security.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * Where the API server is and how to authenticate, shared by every command that talks to it. Each
 * setting comes from its flag, else its environment variable, else the client config ({@code
 * --config}, {@code $CONTINUUM_CONFIG}, or {@code ~/.continuum/config.yaml} when it exists), else
 * the default.
 */
final class ServerOptions {

    static final String DEFAULT_SERVER = "https://127.0.0.1:7070";

    @Option(
            names = {"-s", "--server"},
            paramLabel = "URL",
            description =
                    "The API server (default: $CONTINUUM_SERVER, the config's server, or " + DEFAULT_SERVER + ").")
    String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "A bearer token for the API (default: $CONTINUUM_TOKEN, or the config's token).")
    String token;

    @Option(
            names = "--ca-file",
            paramLabel = "FILE",
            description = "The cluster CA's certificate, to trust the server (default: $CONTINUUM_CA_FILE, or the"
                    + " config's caFile).")
    Path caFile;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The client config (default: $CONTINUUM_CONFIG, or ~/.continuum/config.yaml when it exists).")
    Path config;

    private Optional<ClientConfig> loaded;

    private Optional<ClientConfig> config() {
        if (loaded == null) {
            Path file = config;
            if (file == null
                    && System.getenv(ClientConfig.ENV) != null
                    && !System.getenv(ClientConfig.ENV).isBlank()) {
                file = Path.of(System.getenv(ClientConfig.ENV));
            }
            boolean explicit = file != null;
            if (file == null) {
                file = ClientConfig.defaultFile();
            }
            loaded = ClientConfig.read(file);
            if (explicit && loaded.isEmpty()) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "the client config " + file + " does not exist; `continuum up`"
                                + " and `continuum server` write one in their data folder");
            }
        }
        return loaded;
    }

    URI uri() {
        String s = server != null ? server : System.getenv("CONTINUUM_SERVER");
        if (s == null || s.isBlank()) {
            s = config().map(ClientConfig::server).orElse(DEFAULT_SERVER);
        }
        try {
            URI uri = URI.create(s.contains("://") ? s : "https://" + s);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--server " + s + " is not a URL like " + DEFAULT_SERVER);
        }
    }

    String token() {
        if (token != null) {
            return token;
        }
        String env = System.getenv("CONTINUUM_TOKEN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return config().map(ClientConfig::token).orElse(null);
    }

    /** The CA to trust, when the server speaks TLS. */
    Optional<X509Certificate> ca() {
        Path file = caFile;
        if (file == null
                && System.getenv("CONTINUUM_CA_FILE") != null
                && !System.getenv("CONTINUUM_CA_FILE").isBlank()) {
            file = Path.of(System.getenv("CONTINUUM_CA_FILE"));
        }
        if (file == null) {
            file = config().map(ClientConfig::caFile).map(Path::of).orElse(null);
        }
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.readCertificate(Files.readString(file)));
        } catch (IOException | CredentialException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "the CA certificate " + file + " cannot be read: " + e.getMessage() + " (check --ca-file)");
        }
    }

    private X509Certificate requireCa(URI uri) {
        return ca().orElseThrow(() -> new CliException(
                ExitCodes.USAGE,
                uri + " speaks TLS and no CA certificate is known: pass --ca-file <the control plane's ca.crt>, or"
                        + " --config <the config.yaml `continuum up` wrote>"));
    }

    /** A client of the API. */
    ContinuumClient connect() {
        URI uri = uri();
        ClientTls tls = uri.getScheme().equals("https") ? ClientTls.trusting(requireCa(uri)) : null;
        return ContinuumClient.connect(uri, token(), ClientOptions.defaults(), tls);
    }

    /** An HTTP client for the API (with the CA when over TLS), for calls the typed client does not make. */
    HttpClient http() {
        URI uri = uri();
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (uri.getScheme().equals("https")) {
            builder.sslContext(Tls.client(requireCa(uri), PeerRole.CONTROL_PLANE, null));
        }
        return builder.build();
    }

    /** An HTTP client for nodes' gateways: over TLS it trusts node certificates of the cluster CA. */
    HttpClient gatewayHttp(URI gateway) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (gateway.getScheme().equals("https")) {
            SSLContext tls = Tls.client(requireCa(gateway), PeerRole.NODE, null);
            builder.sslContext(tls);
        }
        return builder.build();
    }
}
