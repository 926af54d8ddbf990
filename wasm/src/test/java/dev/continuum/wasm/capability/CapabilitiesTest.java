package dev.continuum.wasm.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each capability works when granted and is refused at link time when not. */
class CapabilitiesTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final LoadedModule caps = engine.load(Fixtures.bytes("caps.wasm"));
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final LocalMessageBroker broker = new LocalMessageBroker();
    private HttpServer server;
    private SqliteKeyValueStore store;
    private Capabilities all;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = ("hi " + exchange.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/around", exchange -> {
            exchange.getResponseHeaders().add("Location", "/hello");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        store = new SqliteKeyValueStore(dir.resolve("kv.db"));
        all = Capabilities.none()
                .withLog((level, message) -> logged.add(level + " " + message))
                .withKeyValue(store, "app-one")
                .withHttpOutbound(HttpAllowList.of(
                        List.of("http://127.0.0.1:" + server.getAddress().getPort())))
                .withMessaging(broker, List.of("sensors/+/out"), List.of("commands/#"))
                .withConfig(Map.of("greeting", "hello from config"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        store.close();
        engine.close();
    }

    private String run(Capabilities grant, String... args) {
        var out = new ByteArrayOutputStream();
        var invocation =
                WasiInvocation.of("caps", args).withStdio(java.io.InputStream.nullInputStream(), out, System.err);
        var status = engine.run(caps, invocation, grant);
        assertThat(status.success()).as("caps %s: %s", List.of(args), status).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @ParameterizedTest
    @EnumSource(Capability.class)
    void refusesAtLinkTimeAModuleImportingACapabilityThatIsNotGranted(Capability missing) {
        var grant = switch (missing) {
            case LOG ->
                new Capabilities(
                        null,
                        store,
                        "app-one",
                        all.httpAllowList(),
                        broker,
                        all.publishTopics(),
                        all.subscribeTopics(),
                        all.config());
            case KEYVALUE ->
                new Capabilities(
                        all.log(),
                        null,
                        null,
                        all.httpAllowList(),
                        broker,
                        all.publishTopics(),
                        all.subscribeTopics(),
                        all.config());
            case HTTP_OUTBOUND ->
                new Capabilities(
                        all.log(),
                        store,
                        "app-one",
                        null,
                        broker,
                        all.publishTopics(),
                        all.subscribeTopics(),
                        all.config());
            case MESSAGING ->
                new Capabilities(
                        all.log(), store, "app-one", all.httpAllowList(), null, List.of(), List.of(), all.config());
            case CONFIG ->
                new Capabilities(
                        all.log(),
                        store,
                        "app-one",
                        all.httpAllowList(),
                        broker,
                        all.publishTopics(),
                        all.subscribeTopics(),
                        null);
        };

        assertThatThrownBy(() -> engine.link(caps, grant))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("does not grant the " + missing.wireName() + " capability");
        assertThatThrownBy(() -> engine.run(caps, WasiInvocation.of("caps", "log", "x"), grant))
                .isInstanceOf(ModuleRejectedException.class);
        engine.link(caps, all);
    }

    @Test
    void logsThroughTheGrantedSink() {
        assertThat(run(all, "log", "warming up")).isEqualTo("status 0\n");
        assertThat(logged).containsExactly("INFO warming up");
    }

    @Test
    void readsConfigValuesAndReportsMissingOnes() {
        assertThat(run(all, "config", "greeting")).isEqualTo("hello from config\nstatus 0\n");
        assertThat(run(all, "config", "absent")).isEqualTo("status " + AbiStatus.NOT_FOUND + "\n");
    }

    @Test
    void keepsKeyValuesInTheApplicationsOwnBucket() {
        assertThat(run(all, "kv-set", "visits", "41")).isEqualTo("status 0\n");
        assertThat(run(all, "kv-get", "visits")).isEqualTo("41\nstatus 0\n");
        assertThat(run(all, "kv-get", "visits", "1")).isEqualTo("needs 2\nstatus " + AbiStatus.TOO_SMALL + "\n");
        assertThat(store.get("app-one", "visits"))
                .hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("41"));

        var otherApp = all.withKeyValue(store, "app-two");
        assertThat(run(otherApp, "kv-get", "visits")).isEqualTo("status " + AbiStatus.NOT_FOUND + "\n");

        assertThat(run(all, "kv-delete", "visits")).isEqualTo("status 0\n");
        assertThat(run(all, "kv-delete", "visits")).isEqualTo("status " + AbiStatus.NOT_FOUND + "\n");
    }

    @Test
    void callsAnAllowedTargetAndWritesTheHostHeaderFromTheUrl() {
        String answer = run(all, "http", "GET", url("/hello"), "Host: evil.example\n");

        assertThat(answer).isEqualTo("200 hi 127.0.0.1:" + server.getAddress().getPort() + "\nstatus 0\n");
    }

    @Test
    void refusesTargetsOffTheAllowListWhateverTheHostHeaderSays() {
        String otherPort = "http://127.0.0.1:"
                + (server.getAddress().getPort() == 65535
                        ? 1
                        : server.getAddress().getPort() + 1) + "/hello";

        assertThat(run(
                        all,
                        "http",
                        "GET",
                        otherPort,
                        "Host: 127.0.0.1:" + server.getAddress().getPort() + "\n"))
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(
                        all,
                        "http",
                        "GET",
                        "https://127.0.0.1:" + server.getAddress().getPort() + "/hello"))
                .as("another scheme")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(
                        all,
                        "http",
                        "GET",
                        "http://2130706433:" + server.getAddress().getPort() + "/hello"))
                .as("a decimal IP literal")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(all, "http", "GET", "http://127.1:" + server.getAddress().getPort() + "/hello"))
                .as("a short IP literal")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(
                        all,
                        "http",
                        "GET",
                        "http://user@127.0.0.1:" + server.getAddress().getPort() + "/hello"))
                .as("user info")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
    }

    @Test
    void followsRedirectsOnTheListAndRefusesThoseOffIt() {
        assertThat(run(all, "http", "GET", url("/around"))).startsWith("200 hi ");
        assertThat(run(all, "http", "GET", url("/away"))).isEqualTo("status " + AbiStatus.DENIED + "\n");
    }

    @Test
    void refusesADnsNameThatResolvesToLoopbackUnlessTheLoopbackAddressIsListed() {
        int port = server.getAddress().getPort();
        AddressResolver rebinding = host -> List.of(InetAddress.getLoopbackAddress());
        var byName = HttpAllowList.of(List.of("http://api.example.test:" + port));
        var client = new OutboundHttp(byName, rebinding, java.time.Duration.ofSeconds(5), 1 << 20, defaultTls());

        var refused = client.send("GET", "http://api.example.test:" + port + "/hello", "", new byte[0]);
        var listed = new OutboundHttp(
                        HttpAllowList.of(List.of("http://localhost:" + port)),
                        AddressResolver.system(),
                        java.time.Duration.ofSeconds(5),
                        1 << 20,
                        defaultTls())
                .send("GET", "http://localhost:" + port + "/hello", "", new byte[0]);

        assertThat(refused.status()).isEqualTo(AbiStatus.DENIED);
        assertThat(refused.reason()).contains("internal address");
        assertThat(listed.status()).isEqualTo(AbiStatus.OK);
        assertThat(listed.httpStatus()).isEqualTo(200);
    }

    private static javax.net.ssl.SSLContext defaultTls() {
        try {
            return javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publishesOnlyToGrantedTopicsAndReceivesFromGrantedSubscriptions() {
        var published = new ArrayList<String>();
        broker.subscribe(
                "#", (topic, payload) -> published.add(topic + "=" + new String(payload, StandardCharsets.UTF_8)));

        assertThat(run(all, "publish", "sensors/7/out", "21.5")).isEqualTo("status 0\n");
        assertThat(run(all, "publish", "sensors/7/in", "x")).isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(all, "publish", "sensors/+/out", "x"))
                .as("no wildcards when publishing")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(published).containsExactly("sensors/7/out=21.5");

        assertThat(run(all, "subscribe", "telemetry/#")).isEqualTo("status " + AbiStatus.DENIED + "\n");
        assertThat(run(all, "subscribe", "#"))
                .as("wider than the grant")
                .isEqualTo("status " + AbiStatus.DENIED + "\n");
    }
}
