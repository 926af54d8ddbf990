package dev.continuum.controlplane;

import dev.continuum.apiserver.ApiServer;
import dev.continuum.apiserver.ApiServerOptions;
import dev.continuum.apiserver.ApiTls;
import dev.continuum.apiserver.ClusterCredentials;
import dev.continuum.apiserver.StaticSite;
import dev.continuum.controller.ControllerOptions;
import dev.continuum.controller.Controllers;
import dev.continuum.dashboard.Dashboard;
import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.security.CaPin;
import dev.continuum.security.CertificateAuthority;
import dev.continuum.security.RotatingKeyManager;
import dev.continuum.security.SecretFiles;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control plane: the SQLite store in the data folder, the controllers, and the API server (with
 * the dashboard at {@code /}), served over TLS with the cluster CA, with access rules and an audit
 * log. Started by {@link #start}, stopped by {@link #close}; the API answers {@code /readyz} only
 * once the controllers run.
 *
 * <pre>
 *   start: open store ─► administrator's token ─► cluster CA, server certificate ─► start controllers
 *          ─► start API ─► ready
 *   close: not ready ─► stop API ─► stop controllers ─► close store
 * </pre>
 *
 * The data folder holds {@code state.db}, {@code ca.crt} and {@code ca.key} (created on first start;
 * the key readable by its owner only), {@code admin-token} (the cluster administrator's bearer token,
 * 0600) and {@code audit.log}. The server's certificate is issued anew at every start (and renewed
 * while running) for localhost, the loopback addresses, the host name, the listen address and the
 * extra names of the options; it is kept in memory only.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** The cluster administrator the control plane creates for itself. */
    public static final String ADMIN = "admin";

    public static final String ADMIN_TOKEN_FILE = "admin-token";
    public static final String AUDIT_LOG = "audit.log";
    static final Duration SERVER_CERTIFICATE_LIFETIME = Duration.ofDays(90);
    static final Duration SERVER_CERTIFICATE_RENEW_BEFORE = Duration.ofDays(30);

    private final ControlPlaneOptions options;
    private final SqliteStateStore stateStore;
    private final ResourceStore store;
    private final ClusterCredentials credentials;
    private final CertificateAuthority ca;
    private final RotatingKeyManager serverKeys;
    private final ScheduledExecutorService renewer;
    private final String adminToken;
    private final Controllers controllers;
    private final ApiServer api;

    private ControlPlane(ControlPlaneOptions options) {
        this.options = options;
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + options.dataDir(), e);
        }
        this.stateStore = SqliteStateStore.open(options.dataDir().resolve("state.db"));
        this.store = new ResourceStore(
                stateStore, options.clock(), () -> UUID.randomUUID().toString());
        Controllers started = null;
        ApiServer server = null;
        ScheduledExecutorService timer = null;
        try {
            this.credentials = new ClusterCredentials(stateStore, options.clock());
            this.adminToken = adminToken(options.dataDir(), credentials);
            if (options.insecure()) {
                this.ca = null;
                this.serverKeys = null;
                LOG.warn("INSECURE: the control plane serves plain HTTP without certificates (--insecure). Tokens and"
                        + " data cross the network in clear text, and anyone on it can pose as this control plane."
                        + " Use it for local experiments only.");
            } else {
                this.ca = CertificateAuthority.loadOrCreate(options.dataDir(), "continuum", options.clock());
                this.serverKeys =
                        new RotatingKeyManager(ca.issueControlPlane(serverNames(), SERVER_CERTIFICATE_LIFETIME));
                timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "control-plane-certificate");
                    t.setDaemon(true);
                    return t;
                });
                timer.scheduleWithFixedDelay(this::renewServerCertificate, 12, 12, TimeUnit.HOURS);
            }
            this.renewer = timer;
            started = Controllers.start(
                    store,
                    ControllerOptions.defaults().withTime(options.clock(), null).withLifecycle(options.lifecycle()));
            ApiServerOptions api = ApiServerOptions.defaults()
                    .withHost(options.host())
                    .withPort(options.port())
                    .withClock(options.clock())
                    .withAccessRules(true)
                    .withAuditLog(options.dataDir().resolve(AUDIT_LOG))
                    .withExtension(new ExplainRoute(store))
                    .withStaticSite(new StaticSite(Dashboard.CLASSPATH_FOLDER, "/dashboard"));
            if (ca != null) {
                api = api.withTls(new ApiTls(ca, serverKeys, options.nodeCertificateLifetime()));
            }
            server = new ApiServer(store, api).start();
            server.setReady(true);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (started != null) {
                started.close();
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            stateStore.close();
            throw e;
        }
        this.controllers = started;
        this.api = server;
        LOG.info("control plane serving on {} (data in {})", url(), options.dataDir());
    }

    public static ControlPlane start(ControlPlaneOptions options) {
        return new ControlPlane(options);
    }

    /** The administrator's token: the one in the data folder while it is still good, else a new one written there. */
    private static String adminToken(Path dataDir, ClusterCredentials credentials) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            String known = Files.exists(file) ? Files.readString(file).strip() : null;
            String token = credentials.adminToken(ADMIN, known == null || known.isEmpty() ? null : known);
            if (!token.equals(known)) {
                SecretFiles.writePrivate(file, token + "\n");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the administrator's token " + file, e);
        }
    }

    /**
     * localhost, the loopback addresses, the host name, the listen address (every interface's
     * addresses when listening on all of them) and the extra names.
     */
    private List<String> serverNames() {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (host.matches("[a-z0-9.-]+")) {
                names.add(host);
            }
        } catch (UnknownHostException e) {
            LOG.debug("no host name for the server certificate: {}", e.getMessage());
        }
        if (!options.host().equals("0.0.0.0") && !options.host().equals("::")) {
            names.add(options.host());
        } else {
            names.addAll(interfaceAddresses());
        }
        names.addAll(options.sans());
        return names;
    }

    /** The addresses of this machine's interfaces that are up, but link-local ones (they need a zone). */
    private static List<String> interfaceAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                        String text = a.getHostAddress();
                        int zone = text.indexOf('%');
                        out.add(zone < 0 ? text : text.substring(0, zone));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list the network interfaces for the server certificate: {}", e.getMessage());
        }
        return out;
    }

    private void renewServerCertificate() {
        try {
            X509Certificate current = serverKeys.current().certificate();
            if (current.getNotAfter()
                    .toInstant()
                    .isBefore(options.clock().instant().plus(SERVER_CERTIFICATE_RENEW_BEFORE))) {
                serverKeys.update(ca.issueControlPlane(serverNames(), SERVER_CERTIFICATE_LIFETIME));
                LOG.info("renewed the control plane's server certificate");
            }
        } catch (RuntimeException e) {
            LOG.error("renewing the control plane's server certificate failed; retrying in 12 h", e);
        }
    }

    public int port() {
        return api.port();
    }

    /** Where the API answers, e.g. {@code https://127.0.0.1:7070}. */
    public URI url() {
        String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create((insecure() ? "http" : "https") + "://" + host + ":" + port());
    }

    public boolean insecure() {
        return ca == null;
    }

    /** The cluster CA's certificate file ({@code ca.crt}); empty when insecure. */
    public Optional<Path> caCertificateFile() {
        return ca == null
                ? Optional.empty()
                : Optional.of(options.dataDir().resolve(CertificateAuthority.CERTIFICATE_FILE));
    }

    /** The pin agents join with ({@code --ca-hash}); empty when insecure. */
    public Optional<CaPin> caPin() {
        return ca == null ? Optional.empty() : Optional.of(ca.pin());
    }

    /** The cluster administrator's bearer token (also in {@code admin-token} in the data folder). */
    public String adminToken() {
        return adminToken;
    }

    /** A new single-use bootstrap token for one node to join with. */
    public BootstrapTokenInfo createBootstrapToken(Duration ttl, String description) {
        BootstrapTokenInfo created = credentials.createBootstrapToken(ttl, description, "control-plane");
        return new BootstrapTokenInfo(
                created.id(),
                created.token(),
                null,
                created.expires(),
                created.description(),
                created.createdBy(),
                caPin().map(CaPin::toString).orElse(null));
    }

    /** Deletes a bootstrap token, used or not. */
    public void deleteBootstrapToken(String id) {
        credentials.deleteBootstrapToken(id);
    }

    public ResourceStore store() {
        return store;
    }

    @Override
    public void close() {
        api.setReady(false);
        api.close();
        controllers.close();
        if (renewer != null) {
            renewer.shutdownNow();
        }
        stateStore.close();
    }
}
