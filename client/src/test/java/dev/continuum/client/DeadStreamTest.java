package dev.continuum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.continuum.model.Application;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts a watch and then says nothing, not even a bookmark, as a half-open connection
 * behind a NAT would: the reflector must notice and resume from where it was.
 */
class DeadStreamTest {

    private HttpServer server;
    private final List<String> watches = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/namespaces/default/applications", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        if (query == null || !query.contains("watch=true")) {
            byte[] list =
                    "{\"apiVersion\":\"continuum.dev/v1\",\"kind\":\"ApplicationList\",\"metadata\":{\"resourceVersion\":5},\"items\":[]}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, list.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(list);
            }
            return;
        }
        watches.add(query);
        exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up on this stream, as it should
        }
    }

    @Test
    void aSilentStreamIsReplacedAndResumedFromTheLastRevision() {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ClientOptions options = ClientOptions.defaults()
                .withWatchIdleTimeout(Duration.ofMillis(300))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
        RecordingHandler<Application> handler = new RecordingHandler<>();

        try (ContinuumClient client = ContinuumClient.connect(uri, null, options);
                Reflector<Application> reflector = client.watch(Application.class, "default", null, handler)) {
            await().until(() -> watches.size() >= 2);

            assertThat(watches).allMatch(q -> q.contains("resourceVersion=5"));
            assertThat(handler.snapshots).hasValue(1);
            assertThat(handler.errors).anyMatch(e -> e.getMessage().contains("was silent for 300 ms"));
            assertThat(reflector.revision()).isEqualTo(5);
        }
    }
}
