package dev.continuum.wasm.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https targets are verified: the certificate must chain to a trusted root and name the URL's host. */
class OutboundHttpsTest {
    private static final char[] PASSWORD = "continuum".toCharArray();

    private HttpsServer server;
    private SSLContext clientTls;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();

        var keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keystore.toFile())) {
            keys.load(in, PASSWORD);
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        var serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] body = "secure hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OutboundHttp client(String entry, SSLContext tls) {
        return new OutboundHttp(
                HttpAllowList.of(List.of(entry)), AddressResolver.system(), Duration.ofSeconds(10), 1 << 20, tls);
    }

    @Test
    void callsAnHttpsTargetWhoseCertificateNamesItsHost() {
        String origin = "https://localhost:" + server.getAddress().getPort();

        var result = client(origin, clientTls).send("GET", origin + "/", "", new byte[0]);

        assertThat(result.status()).as(result.reason()).isEqualTo(AbiStatus.OK);
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("secure hello");
    }

    @Test
    void refusesACertificateForAnotherHostOrFromAnUntrustedIssuer() throws Exception {
        String byAddress = "https://127.0.0.1:" + server.getAddress().getPort();
        String byName = "https://localhost:" + server.getAddress().getPort();

        var wrongName = client(byAddress, clientTls).send("GET", byAddress + "/", "", new byte[0]);
        var untrusted = client(byName, SSLContext.getDefault()).send("GET", byName + "/", "", new byte[0]);

        assertThat(wrongName.status()).isEqualTo(AbiStatus.UNAVAILABLE);
        assertThat(untrusted.status()).isEqualTo(AbiStatus.UNAVAILABLE);
        assertThat(untrusted.reason()).contains("cannot reach");
    }
}
