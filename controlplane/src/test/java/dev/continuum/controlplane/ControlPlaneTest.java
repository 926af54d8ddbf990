package dev.continuum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.client.ApiException;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole control plane as {@code continuum server} runs it: TLS with its own CA, an administrator, an audit log. */
class ControlPlaneTest {

    @TempDir
    Path dir;

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static ContinuumClient client(ControlPlane cp, String token) {
        return ContinuumClient.connect(
                cp.url(),
                token,
                ClientOptions.defaults(),
                ClientTls.trusting(cp.caCertificateFile().orElseThrow()));
    }

    @Test
    void servesHttpsWithItsOwnCaAndKeepsItsSecretsForItsOwner() throws Exception {
        try (ControlPlane cp =
                ControlPlane.start(ControlPlaneOptions.in(dir).withPort(0).withSans(List.of("cp.example")))) {
            assertThat(cp.url().getScheme()).isEqualTo("https");
            assertThat(permissions(dir.resolve("ca.key"))).isEqualTo("rw-------");
            assertThat(permissions(dir.resolve(ControlPlane.ADMIN_TOKEN_FILE))).isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(ControlPlane.ADMIN_TOKEN_FILE))
                            .strip())
                    .isEqualTo(cp.adminToken());
            try (ContinuumClient admin = client(cp, cp.adminToken());
                    ContinuumClient anonymous = client(cp, null)) {
                assertThat(admin.whoami().clusterAdmin()).isTrue();
                assertThat(admin.list(Node.class, null).items()).isEmpty();
                assertThatThrownBy(() -> anonymous.list(Node.class, null))
                        .isInstanceOfSatisfying(
                                ApiException.class,
                                e -> assertThat(e.isUnauthorized()).isTrue());
                admin.createBootstrapToken(Duration.ofMinutes(5), "audited");
            }
            assertThat(Files.readString(dir.resolve(ControlPlane.AUDIT_LOG)))
                    .contains("\"user\":\"user/admin\"")
                    .contains("/api/v1/bootstraptokens");
        }
    }

    @Test
    void aRestartKeepsTheCaAndTheAdministratorsToken() {
        String token;
        String pin;
        try (ControlPlane cp = ControlPlane.start(ControlPlaneOptions.in(dir).withPort(0))) {
            token = cp.adminToken();
            pin = cp.caPin().orElseThrow().toString();
        }
        try (ControlPlane cp = ControlPlane.start(ControlPlaneOptions.in(dir).withPort(0));
                ContinuumClient admin = client(cp, token)) {
            assertThat(cp.adminToken()).isEqualTo(token);
            assertThat(cp.caPin().orElseThrow()).hasToString(pin);
            assertThat(admin.whoami().name()).isEqualTo(ControlPlane.ADMIN);
        }
    }

    @Test
    void listeningOnEveryInterfaceItsCertificateNamesTheirAddressesAndTheExtraNames() throws Exception {
        try (ControlPlane cp = ControlPlane.start(
                ControlPlaneOptions.in(dir).withHost("0.0.0.0").withPort(0).withSans(List.of("cp.example")))) {
            var context = dev.continuum.security.Tls.client(
                    dev.continuum.security.Pem.readCertificate(
                            Files.readString(cp.caCertificateFile().orElseThrow())),
                    dev.continuum.security.PeerRole.CONTROL_PLANE,
                    null);
            try (var socket =
                    (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cp.port())) {
                socket.startHandshake();
                var names = ((java.security.cert.X509Certificate)
                                socket.getSession().getPeerCertificates()[0])
                        .getSubjectAlternativeNames().stream()
                                .map(n -> String.valueOf(n.get(1)))
                                .toList();
                assertThat(names).contains("localhost", "127.0.0.1", "cp.example");
                for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    if (nic.isUp()) {
                        for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                            if (address instanceof java.net.Inet4Address && !address.isLinkLocalAddress()) {
                                assertThat(names).contains(address.getHostAddress());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void insecureServesPlainHttpButStillWantsCredentials() {
        try (ControlPlane cp = ControlPlane.start(
                        ControlPlaneOptions.in(dir).withPort(0).withInsecure(true));
                ContinuumClient admin = ContinuumClient.connect(cp.url(), cp.adminToken());
                ContinuumClient anonymous = ContinuumClient.connect(cp.url(), null)) {
            assertThat(cp.url().getScheme()).isEqualTo("http");
            assertThat(cp.caCertificateFile()).isEmpty();
            assertThat(admin.whoami().clusterAdmin()).isTrue();
            assertThatThrownBy(() -> anonymous.list(Node.class, null))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.isUnauthorized()).isTrue());
            assertThat(admin.createBootstrapToken(Duration.ofMinutes(5), null).caHash())
                    .isNull();
        }
    }
}
