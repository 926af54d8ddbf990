package dev.continuum.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits the gateway's HTTP server holds callers to, with limits small enough to reach in a test. */
class GatewayServerTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(300);

    private GatewayServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void start(int maxConnections) throws IOException {
        server = new GatewayServer(
                        "127.0.0.1",
                        0,
                        null,
                        exchange -> exchange.send("ok".getBytes(StandardCharsets.UTF_8)),
                        (status, message) -> ("{\"code\":" + status + ",\"message\":\"" + message + "\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        new GatewayServer.Limits(maxConnections, HEAD_TIMEOUT))
                .start();
    }

    private static String send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aConnectionBeyondTheLimitIsAnswered503AndTheOthersAreServed() throws Exception {
        start(2);
        try (var first = new Socket("127.0.0.1", server.port());
                var second = new Socket("127.0.0.1", server.port())) {
            // both are held open, sending nothing yet
            String refused;
            try (var third = new Socket("127.0.0.1", server.port())) {
                refused = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(refused)
                    .startsWith("HTTP/1.1 503")
                    .contains("serving 2 connections already")
                    .contains("Connection: close");
            for (Socket held : new Socket[] {first, second}) {
                assertThat(send(held, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200")
                        .endsWith("ok");
            }
        }
    }

    @Test
    void aHeadThatArrivesTooSlowlyIs408() throws Exception {
        start(8);
        try (var slow = new Socket("127.0.0.1", server.port())) {
            slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long sent = System.nanoTime();
            await().until(() -> System.nanoTime() - sent > HEAD_TIMEOUT.toNanos() * 2);

            String answer = send(slow, "Accept: */*\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 408").contains("took longer than 300 ms");
        }
        try (var quick = new Socket("127.0.0.1", server.port())) {
            assertThat(send(quick, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }
}
