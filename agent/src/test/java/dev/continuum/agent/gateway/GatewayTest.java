package dev.continuum.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.Fixtures;
import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.agent.runtime.LocalFunctions;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private WasmEngine engine;
    private final List<Gateway> gateways = new ArrayList<>();
    private final List<InstanceLogs> logs = new ArrayList<>();

    /** A directory answering whatever the test sets. */
    private static final class SettableDirectory implements FunctionDirectory {
        final AtomicReference<Lookup> answer = new AtomicReference<>(new NoApplication());

        @Override
        public Lookup lookup(String namespace, String application, String component) {
            return answer.get();
        }
    }

    private record Node(Gateway gateway, LocalFunctions functions, SettableDirectory directory, InstanceLogs logs) {
        String address() {
            return "http://127.0.0.1:" + gateway.port();
        }
    }

    @BeforeEach
    void setUp() {
        engine = new WasmEngine(WasmEngineOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        gateways.forEach(Gateway::close);
        logs.forEach(InstanceLogs::close);
        engine.close();
    }

    private Node node(String name) {
        var functions = new LocalFunctions();
        var directory = new SettableDirectory();
        var instanceLogs = new InstanceLogs(dir.resolve(name), Clock.systemUTC());
        var gateway = new Gateway("127.0.0.1", 0, name, functions, directory, instanceLogs).start();
        gateways.add(gateway);
        logs.add(instanceLogs);
        return new Node(gateway, functions, directory, instanceLogs);
    }

    private void runEcho(Node node, String instance) {
        var module = engine.load(Fixtures.bytes("echo.wasm"));
        var key = new InstanceKey("default", instance);
        node.functions()
                .add(
                        "default",
                        "hello",
                        "greet",
                        new LocalFunctions.Target(
                                key,
                                module,
                                engine,
                                node.logs().open("default", instance),
                                java.util.Map.of(),
                                dev.continuum.wasm.capability.Capabilities.none()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ApiError error(HttpResponse<String> response) throws Exception {
        return ResourceCodec.get().json().readValue(response.body(), ApiError.class);
    }

    @Test
    void servesALocalFunctionThroughWagi() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");

        var response = send(
                HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet/a/b%20c?name=edge&x=1"))
                        .POST(HttpRequest.BodyPublishers.ofString("payload")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("POST");
        assertThat(response.headers().firstValue("Continuum-Node")).hasValue("n1");
        assertThat(response.body()).isEqualTo("method=POST\npath=/a/b c\nquery=name=edge&x=1\nbody=payload\n");
    }

    @Test
    void theFunctionChoosesItsStatus() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet/teapot")));

        assertThat(response.statusCode()).isEqualTo(418);
    }

    @Test
    void functionRequestsAndTheirStderrGoToTheInstanceLog() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");

        send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet/x?y=1")));

        var log = send(HttpRequest.newBuilder(URI.create(node.address() + "/logs/default/greet-1")));
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body())
                .contains("stderr echo: GET /x")
                .contains("agent  GET /fn/default/hello/greet/x?y=1 -> 200");
    }

    @Test
    void anUnknownFunctionIsA404NamingIt() throws Exception {
        Node node = node("n1");
        node.directory().answer.set(new FunctionDirectory.NoComponent());

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        ApiError error = error(response);
        assertThat(error.reason()).isEqualTo("NotFound");
        assertThat(error.message()).isEqualTo("no function \"greet\" in application \"hello\" (namespace \"default\")");
    }

    @Test
    void aServiceIsNotAFunction() throws Exception {
        Node node = node("n1");
        node.directory().answer.set(new FunctionDirectory.NotAFunction("service"));

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).message()).contains("that component is a service");
    }

    @Test
    void aFunctionWithNoRunningCopyIsA503() throws Exception {
        Node node = node("n1");
        node.directory().answer.set(new FunctionDirectory.Copies(List.of()));

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).reason()).isEqualTo("Unavailable");
        assertThat(error(response).message()).contains("has no Running copy");
    }

    @Test
    void anUnreachableControlPlaneIsA503SayingSo() throws Exception {
        Node node = node("n1");
        node.directory().answer.set(new FunctionDirectory.Unreachable("connection refused"));

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).message())
                .contains("control plane cannot be reached")
                .contains("connection refused");
    }

    @Test
    void forwardsToANodeThatRunsTheFunction() throws Exception {
        Node front = node("front");
        Node back = node("back");
        runEcho(back, "greet-1");
        front.directory()
                .answer
                .set(new FunctionDirectory.Copies(List.of(new FunctionDirectory.Copy("back", back.address()))));

        var response = send(HttpRequest.newBuilder(URI.create(front.address() + "/fn/default/hello/greet/p?q=1"))
                .PUT(HttpRequest.BodyPublishers.ofString("sent")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Continuum-Node")).containsExactly("back");
        assertThat(response.body()).isEqualTo("method=PUT\npath=/p\nquery=q=1\nbody=sent\n");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        Node a = node("a");
        Node b = node("b");
        a.directory().answer.set(new FunctionDirectory.Copies(List.of(new FunctionDirectory.Copy("b", b.address()))));
        b.directory().answer.set(new FunctionDirectory.Copies(List.of(new FunctionDirectory.Copy("a", a.address()))));

        var response = send(HttpRequest.newBuilder(URI.create(a.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).message())
                .contains("node b has no Running copy")
                .contains("forwarded only once");
    }

    @Test
    void aCopyThatDoesNotAnswerIsA503NamingIt() throws Exception {
        Node front = node("front");
        Node gone = node("gone");
        String address = gone.address();
        gone.gateway().close();
        front.directory()
                .answer
                .set(new FunctionDirectory.Copies(List.of(new FunctionDirectory.Copy("gone", address))));

        var response = send(HttpRequest.newBuilder(URI.create(front.address() + "/fn/default/hello/greet")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).message()).contains("gone at " + address);
    }

    @Test
    void logsHonourTailLines() throws Exception {
        Node node = node("n1");
        var log = node.logs().open("default", "svc-1");
        for (int i = 1; i <= 5; i++) {
            log.append("stdout", "line " + i);
        }

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/logs/default/svc-1?tailLines=2")));

        assertThat(response.body().lines().toList())
                .hasSize(2)
                .satisfiesExactly(
                        l -> assertThat(l).endsWith("stdout line 4"),
                        l -> assertThat(l).endsWith("stdout line 5"));
    }

    @Test
    void followingALogStreamsNewLines() throws Exception {
        Node node = node("n1");
        var log = node.logs().open("default", "svc-1");
        log.append("stdout", "before");

        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(node.address() + "/logs/default/svc-1?follow=true"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).endsWith("stdout before");
            log.append("stdout", "after");
            assertThat(reader.readLine()).endsWith("stdout after");
            node.logs().delete("default", "svc-1");
            await().until(() -> reader.readLine() == null);
        }
    }

    @Test
    void logsOfAnUnknownInstanceAreA404() throws Exception {
        Node node = node("n1");

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/logs/default/nope")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).message()).contains("default/nope");
    }

    @Test
    void badLogParametersAreA400() throws Exception {
        Node node = node("n1");
        node.logs().open("default", "svc-1");

        var response = send(HttpRequest.newBuilder(URI.create(node.address() + "/logs/default/svc-1?tailLines=-3")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).message()).contains("tailLines=-3");
    }

    @Test
    void healthAndUnknownRoutesAnswerJson() throws Exception {
        Node node = node("n1");

        var health = send(HttpRequest.newBuilder(URI.create(node.address() + "/healthz")));
        var unknown = send(HttpRequest.newBuilder(URI.create(node.address() + "/nothing/here")));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"node\":\"n1\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).message()).contains("/nothing/here");
    }

    @Test
    void aRequestJettyRefusesIsAnsweredInJsonToo() throws Exception {
        Node node = node("n1");

        try (var socket = new java.net.Socket("127.0.0.1", node.gateway().port())) {
            socket.getOutputStream()
                    .write("GET /fn/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/json")
                    .contains("\"code\":400");
        }
    }

    private static String exchange(int port, String request) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChunkedRequestBodyReachesTheFunction() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");

        String answer = exchange(
                node.gateway().port(),
                "POST /fn/default/hello/greet/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n4\r\npayl\r\n3;ext=1\r\noad\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("body=payload\n");
    }

    @Test
    void aBodyOver16MiBIsA413InJson() throws Exception {
        Node node = node("n1");

        String answer = exchange(
                node.gateway().port(),
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nContent-Length: " + ((16 << 20) + 1) + "\r\n\r\n");

        assertThat(answer)
                .startsWith("HTTP/1.1 413")
                .contains("application/json")
                .contains("\"reason\":\"RequestTooLarge\"");
    }

    @Test
    void oneConnectionCarriesSeveralRequests() throws Exception {
        Node node = node("n1");

        String answer = exchange(
                node.gateway().port(),
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(3);
        assertThat(answer.split("HTTP/1.1 404", -1)).hasSize(2);
        assertThat(answer).endsWith("{\"status\":\"ok\",\"node\":\"n1\"}");
    }

    @Test
    void aBodyWhoseLengthCanBeReadTwoWaysIsRefusedAndTheConnectionClosed() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");
        int port = node.gateway().port();

        // each would let a proxy in front and this gateway disagree on where the next request starts
        String both = exchange(
                port,
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        String conflicting = exchange(
                port,
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n"
                        + "abcd");
        String encoded = exchange(
                port,
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                        + "0\r\n\r\n");

        assertThat(both)
                .startsWith("HTTP/1.1 400")
                .contains("both Transfer-Encoding and Content-Length")
                .doesNotContain("\"status\":\"ok\"");
        assertThat(conflicting).startsWith("HTTP/1.1 400").contains("conflicting Content-Length");
        assertThat(encoded).startsWith("HTTP/1.1 400").contains("only chunked");
        assertThat(List.of(both, conflicting, encoded))
                .allSatisfy(a -> assertThat(a).contains("Connection: close").contains("application/json"));
    }

    @Test
    void lengthsAndChunkSizesAreDigitsOnly() throws Exception {
        Node node = node("n1");
        runEcho(node, "greet-1");
        int port = node.gateway().port();

        // a sign or a space is a number to some parsers and not to others: refused, not guessed at
        String signed =
                exchange(port, "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd");
        String negativeChunk = exchange(
                port,
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "-1\r\nabcd\r\n0\r\n\r\n");
        String signedChunk = exchange(
                port,
                "POST /fn/default/hello/greet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "+4\r\nabcd\r\n0\r\n\r\n");
        String extension = exchange(
                port,
                "POST /fn/default/hello/greet/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n4 ;name=v\r\nabcd\r\n0\r\n\r\n");

        assertThat(signed).startsWith("HTTP/1.1 400").contains("Content-Length +4 is not a decimal number");
        assertThat(List.of(negativeChunk, signedChunk))
                .allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 400").contains("malformed chunk size"));
        assertThat(extension).startsWith("HTTP/1.1 200").contains("body=abcd\n");
    }

    @Test
    void connectionCloseIsFoundInAListOfOptions() throws Exception {
        Node node = node("n1");

        String answer = exchange(
                node.gateway().port(),
                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: upgrade, Close\r\n\r\n"
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(2);
        assertThat(answer).contains("Connection: close");
    }
}
