package dev.continuum.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.model.NodeStatus;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs travel from a node's gateway (a real HTTP server here) through the control plane to the client. */
class LogsTest {

    @TempDir
    Path dir;

    private ControlPlane cp;
    private ContinuumClient client;
    private HttpServer gateway;
    private final CountDownLatch more = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        cp = new ControlPlane(dir);
        client = ContinuumClient.connect(cp.uri(), null);
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        gateway.createContext("/logs/default/web-0", this::serve);
        gateway.start();
        Node node = MakeNode.named("n1").obj();
        NodeStatus s = node.status();
        cp.store
                .create(node.withStatus(new NodeStatus(
                        s.capacity(),
                        s.allocatable(),
                        s.platform(),
                        s.runtimes(),
                        s.accelerators(),
                        s.power(),
                        s.links(),
                        s.conditions(),
                        List.of(new NodeAddress(
                                NodeAddress.GATEWAY,
                                "http://127.0.0.1:" + gateway.getAddress().getPort())),
                        s.realtime())))
                .orThrow();
        cp.store.create(MakeInstance.named("web-0").node("n1").obj()).orThrow();
    }

    @AfterEach
    void stop() {
        more.countDown();
        client.close();
        cp.close();
        gateway.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(("first " + exchange.getRequestURI().getQuery() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (exchange.getRequestURI().getQuery().contains("follow=true")) {
                more.await(30, TimeUnit.SECONDS);
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void logsArriveWithTheRequestedTail() throws IOException {
        try (InputStream logs = client.logs("default", "web-0", false, 5)) {
            assertThat(new String(logs.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("first follow=false&tailLines=5\n");
        }
    }

    @Test
    void aFollowedLogCanBeReadLineByLineWhileItGrows() throws IOException {
        try (BufferedReader logs = new BufferedReader(
                new InputStreamReader(client.logs("default", "web-0", true, null), StandardCharsets.UTF_8))) {
            assertThat(logs.readLine()).isEqualTo("first follow=true");
            more.countDown();
            assertThat(logs.readLine()).isEqualTo("second");
            assertThat(logs.readLine()).isNull();
        }
    }
}
