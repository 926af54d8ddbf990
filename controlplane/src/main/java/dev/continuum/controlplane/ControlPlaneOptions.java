package dev.continuum.controlplane;

import dev.continuum.apiserver.ApiTls;
import dev.continuum.controller.node.LifecycleOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How to run a control plane.
 *
 * @param dataDir where the store ({@code state.db}), the cluster CA, the administrator's token and the
 *     audit log live
 * @param host the address the API listens on
 * @param port the API port; 0 picks a free one
 * @param clock the source of time for credentials, leases and the controllers
 * @param lifecycle how nodes that stop renewing their leases are treated (autonomy windows by tier,
 *     fencing margin, eviction brakes, retention of lost nodes)
 * @param insecure serve plain HTTP without certificates (for local experiments only; loudly logged)
 * @param sans further host names and addresses for the server's certificate, besides localhost, the
 *     loopback addresses, the host name and the listen address
 * @param nodeCertificateLifetime how long node certificates last (nodes renew at two thirds of it)
 */
public record ControlPlaneOptions(
        Path dataDir,
        String host,
        int port,
        Clock clock,
        LifecycleOptions lifecycle,
        boolean insecure,
        List<String> sans,
        Duration nodeCertificateLifetime) {

    public static final int DEFAULT_PORT = 7070;

    public ControlPlaneOptions {
        sans = sans == null ? List.of() : List.copyOf(sans);
    }

    public static ControlPlaneOptions in(Path dataDir) {
        return new ControlPlaneOptions(
                dataDir,
                "127.0.0.1",
                DEFAULT_PORT,
                Clock.systemUTC(),
                LifecycleOptions.defaults(),
                false,
                List.of(),
                ApiTls.DEFAULT_NODE_CERTIFICATE_LIFETIME);
    }

    public ControlPlaneOptions withPort(int value) {
        return new ControlPlaneOptions(dataDir, host, value, clock, lifecycle, insecure, sans, nodeCertificateLifetime);
    }

    public ControlPlaneOptions withHost(String value) {
        return new ControlPlaneOptions(dataDir, value, port, clock, lifecycle, insecure, sans, nodeCertificateLifetime);
    }

    public ControlPlaneOptions withLifecycle(LifecycleOptions value) {
        return new ControlPlaneOptions(dataDir, host, port, clock, value, insecure, sans, nodeCertificateLifetime);
    }

    /** Plain HTTP, no certificates: for local experiments only. */
    public ControlPlaneOptions withInsecure(boolean value) {
        return new ControlPlaneOptions(dataDir, host, port, clock, lifecycle, value, sans, nodeCertificateLifetime);
    }

    public ControlPlaneOptions withSans(List<String> value) {
        return new ControlPlaneOptions(dataDir, host, port, clock, lifecycle, insecure, value, nodeCertificateLifetime);
    }

    public ControlPlaneOptions withNodeCertificateLifetime(Duration value) {
        return new ControlPlaneOptions(dataDir, host, port, clock, lifecycle, insecure, sans, value);
    }
}
