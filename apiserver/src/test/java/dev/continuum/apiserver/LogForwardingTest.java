package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.model.NodeStatus;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane forwards log requests to a real HTTP server standing in for a node's gateway. */
class LogForwardingTest {

    private static final String LOG = "/api/v1/namespaces/default/instances/web-0/log";

    @TempDir
    Path dir;

    private ServerFixture f;
    private HttpServer gateway;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final CountDownLatch finishFollow = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        f = new ServerFixture(dir);
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        gateway.createContext("/logs/", this::serveLogs);
        gateway.start();
    }

    @AfterEach
    void stop() {
        finishFollow.countDown();
        f.close();
        gateway.stop(0);
    }

    private void serveLogs(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        requested.add(uri);
        if (!exchange.getRequestURI().getPath().equals("/logs/default/web-0")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (uri.contains("follow=true")) {
                finishFollow.await(30, TimeUnit.SECONDS);
                out.write("line 3\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void nodeWithGateway(String address) {
        Node node = MakeNode.named("n1").obj();
        NodeStatus s = node.status();
        List<NodeAddress> addresses =
                address == null ? List.of() : List.of(new NodeAddress(NodeAddress.GATEWAY, address));
        f.store
                .create(node.withStatus(new NodeStatus(
                        s.capacity(),
                        s.allocatable(),
                        s.platform(),
                        s.runtimes(),
                        s.accelerators(),
                        s.power(),
                        s.links(),
                        s.conditions(),
                        addresses,
                        s.realtime())))
                .orThrow();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    @Test
    void logsComeFromTheInstancesNodeWithTheSameParameters() {
        nodeWithGateway(gatewayUrl());
        f.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();

        Http.Answer answer = f.http.get(LOG + "?tailLines=2");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(answer.body()).isEqualTo("line 1\nline 2\n");
        assertThat(requested).containsExactly("/logs/default/web-0?follow=false&tailLines=2");
    }

    @Test
    void aFollowedLogStreamsLinesAsTheNodeWritesThem() {
        nodeWithGateway(gatewayUrl());
        f.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();

        try (StreamRecorder stream = new StreamRecorder(f.http.open(LOG + "?follow=true"))) {
            await().untilAsserted(() -> assertThat(stream.lines).containsExactly("line 1", "line 2"));
            assertThat(stream.ended()).isFalse();

            finishFollow.countDown();

            await().until(stream::ended);
            assertThat(stream.lines).containsExactly("line 1", "line 2", "line 3");
        }
    }

    @Test
    void closingTheServerEndsAFollowedLog() {
        nodeWithGateway(gatewayUrl());
        f.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();
        StreamRecorder stream = new StreamRecorder(f.http.open(LOG + "?follow=true"));
        await().until(() -> stream.lines.size() == 2);

        f.server.close();

        await().until(stream::ended);
    }

    @Test
    void aMissingInstanceIs404() {
        Http.Answer answer = f.http.get(LOG);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("message").asText()).isEqualTo("Instance default/web-0 not found");
    }

    @Test
    void anUnboundInstanceIs503() {
        f.store.create(MakeInstance.named("web-0").obj()).orThrow();

        Http.Answer answer = f.http.get(LOG);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("reason").asText()).isEqualTo("Unavailable");
        assertThat(answer.json().path("message").asText()).contains("is not bound to a node yet");
    }

    @Test
    void aNodeWithoutGatewayAddressIs503() {
        nodeWithGateway(null);
        f.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();

        Http.Answer answer = f.http.get(LOG);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("message").asText())
                .startsWith("node n1 reports no Gateway address, so the logs of default/web-0 cannot be fetched");
    }

    @Test
    void anUnreachableGatewayIs503NamingIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        nodeWithGateway("http://127.0.0.1:" + closedPort);
        f.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();

        Http.Answer answer = f.http.get(LOG);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("message").asText())
                .startsWith("the gateway of node n1 at http://127.0.0.1:" + closedPort + " cannot be reached");
    }

    @Test
    void aGatewayThatDoesNotKnowTheInstanceIs404() {
        nodeWithGateway(gatewayUrl());
        f.store.create(MakeInstance.named("other").node("n1").obj()).orThrow();

        Http.Answer answer = f.http.get("/api/v1/namespaces/default/instances/other/log");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("message").asText()).contains("node n1 has no logs of Instance default/other");
    }

    @Test
    void aBadTailLinesIs400() {
        Http.Answer answer = f.http.get(LOG + "?tailLines=-3");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).isEqualTo("tailLines");
    }
}
