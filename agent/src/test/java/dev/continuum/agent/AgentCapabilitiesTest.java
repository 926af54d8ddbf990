package dev.continuum.agent;

import static dev.continuum.agent.TestComponents.awaitLog;
import static dev.continuum.agent.TestComponents.awaitStatus;
import static dev.continuum.agent.TestComponents.bind;
import static dev.continuum.agent.TestComponents.component;
import static dev.continuum.agent.TestComponents.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.continuum.agent.capability.CapabilityGrants;
import dev.continuum.agent.runtime.CapabilityHook;
import dev.continuum.agent.runtime.ScheduleTriggerHook;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent wires what an Instance is granted into the engine: real modules through a real agent and
 * control plane (MQTT is {@code AgentMessagingIT}'s).
 */
class AgentCapabilitiesTest {

    private static final String NS = "default";

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;
    private ContinuumClient client;
    private Agent agent;
    private final List<HttpServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
        client = controlPlane.client();
        agent = agents.start("n1");
    }

    @AfterEach
    void tearDown() {
        servers.forEach(s -> s.stop(0));
        agents.close();
        controlPlane.close();
    }

    private String module(String fixture) {
        return Fixtures.fileUrl(dir, fixture);
    }

    private String fn(String app, String component, String rest) {
        return "http://127.0.0.1:" + agent.gatewayPort() + "/fn/" + NS + "/" + app + "/" + component + rest;
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return TestInstances.send(HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String text(String method, String url, String body) throws Exception {
        return send(method, url, body).body().strip();
    }

    /** Binds a function and waits until its node serves it. */
    private void runFunction(String instance, String app, Component component) {
        bind(client, NS, instance, app, component, "n1");
        awaitStatus(client, NS, instance, s -> s.phase() == InstancePhase.RUNNING);
    }

    private Component kv(Capabilities capabilities) {
        return component("kv", ComponentType.FUNCTION, module("kv.wasm"), capabilities, null, null);
    }

    /** caps.wasm imports log, config and http-outbound: it links only with all three. */
    private static Capabilities capsGrant(String allowed) {
        return grant(true, null, List.of(allowed), null, Map.of("greeting", "hello edge"), null);
    }

    private Component caps(Capabilities capabilities) {
        return component(
                "caps",
                ComponentType.FUNCTION,
                module("caps.wasm"),
                capabilities,
                null,
                Map.of("GREETING", "hi", "REQUEST_METHOD", "FROM-ENV"));
    }

    private static final Capabilities KEYVALUE = grant(null, true, null, null, null, null);

    @Test
    void keyValueIsOneBucketPerApplicationAndSurvivesAnAgentRestart() throws Exception {
        runFunction("shop-kv", "shop", kv(KEYVALUE));
        runFunction("blog-kv", "blog", kv(KEYVALUE));

        assertThat(text("POST", fn("shop", "kv", "?color"), "red")).isEqualTo("stored");
        assertThat(text("GET", fn("shop", "kv", "?color"), null)).isEqualTo("value=red");
        assertThat(text("GET", fn("blog", "kv", "?color"), null)).isEqualTo("missing");
        assertThat(text("POST", fn("blog", "kv", "?color"), "blue")).isEqualTo("stored");

        var options = agents.options("n1");
        agent.close();
        agent = agents.start(options);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> send("GET", fn("shop", "kv", "?color"), null).statusCode() == 200);
        assertThat(text("GET", fn("shop", "kv", "?color"), null)).isEqualTo("value=red");
        assertThat(text("GET", fn("blog", "kv", "?color"), null)).isEqualTo("value=blue");
        assertThat(dir.resolve("n1").resolve("local").resolve("keyvalue.db")).isRegularFile();
    }

    @Test
    void anotherApplicationsBucketIsReachableOnlyWhenTheGrantNamesIt() throws Exception {
        runFunction("shop-kv", "shop", kv(KEYVALUE));
        runFunction("blog-kv", "blog", kv(KEYVALUE));
        runFunction("reader-kv", "reader", kv(grant(null, true, null, null, null, "shop")));
        text("POST", fn("shop", "kv", "?stock"), "12");

        assertThat(text("GET", fn("blog", "kv", "?stock"), null)).isEqualTo("missing");
        assertThat(text("GET", fn("reader", "kv", "?stock"), null)).isEqualTo("value=12");
        assertThat(text("DELETE", fn("reader", "kv", "?stock"), null)).isEqualTo("deleted");
        assertThat(text("GET", fn("shop", "kv", "?stock"), null)).isEqualTo("missing");
    }

    @Test
    void httpOutboundReachesAnAllowedServerAndIsDeniedAnyOther() throws Exception {
        int allowed = serve("pong");
        int other = serve("secret");
        runFunction("caps-1", "probe", caps(capsGrant("http://127.0.0.1:" + allowed)));

        assertThat(text("GET", fn("probe", "caps", "/http?http://127.0.0.1:" + allowed + "/ping"), null))
                .isEqualTo("status=0 http=200 body=pong");
        assertThat(text("GET", fn("probe", "caps", "/http?http://127.0.0.1:" + other + "/ping"), null))
                .isEqualTo("status=2 http=0 body=");
        assertThat(text("GET", fn("probe", "caps", "/http?http://localhost:" + allowed + "/ping"), null))
                .as("the allow-list names 127.0.0.1, not localhost")
                .isEqualTo("status=2 http=0 body=");
    }

    @Test
    void configValuesAndTheComponentsEnvReachTheFunction() throws Exception {
        runFunction("caps-1", "probe", caps(capsGrant("https://api.example.com")));

        assertThat(text("GET", fn("probe", "caps", "/config?greeting"), null)).isEqualTo("config greeting=hello edge");
        assertThat(text("GET", fn("probe", "caps", "/config?absent"), null))
                .isEqualTo("config absent missing (status=1)");
        assertThat(text("GET", fn("probe", "caps", "/env?GREETING"), null)).isEqualTo("env GREETING=hi");
        assertThat(text("POST", fn("probe", "caps", "/env?REQUEST_METHOD"), ""))
                .as("the request's CGI variables win over the component's env")
                .isEqualTo("env REQUEST_METHOD=POST");
    }

    @Test
    void anHttpClientCannotPassARequestOffAsAnMqttMessage() throws Exception {
        runFunction("caps-1", "probe", caps(capsGrant("https://api.example.com")));

        var response = TestInstances.send(
                HttpRequest.newBuilder(URI.create(fn("probe", "caps", "/env?HTTP_CONTINUUM_MQTT_TOPIC")))
                        .header("Continuum-Mqtt-Topic", "sensors/forged")
                        .header("X-Kept", "yes")
                        .build());
        var kept = text("GET", fn("probe", "caps", "/env?HTTP_USER_AGENT"), null);

        assertThat(response.body().strip()).isEqualTo("env HTTP_CONTINUUM_MQTT_TOPIC unset");
        assertThat(kept).startsWith("env HTTP_USER_AGENT=Java-http-client");
    }

    @Test
    void logLinesOfAFunctionGoToItsInstancesLog() throws Exception {
        runFunction("caps-1", "probe", caps(capsGrant("https://api.example.com")));

        assertThat(text("GET", fn("probe", "caps", "/log?counted%20a%20visit"), null))
                .isEqualTo("logged status=0");

        String log = awaitLog(dir.resolve("n1"), NS, "caps-1", "counted%20a%20visit");
        assertThat(log)
                .containsPattern("Z log +INFO counted%20a%20visit")
                .contains("granted log, http-outbound, config");
    }

    @Test
    void aJobIsRunWithItsGrantToo() {
        var job = component(
                "once",
                ComponentType.JOB,
                module("caps.wasm"),
                capsGrant("https://api.example.com"),
                null,
                Map.of("PATH_INFO", "/log", "QUERY_STRING", "from a job"));
        bind(client, NS, "once-1", "batch", job, "n1");

        awaitStatus(client, NS, "once-1", s -> s.phase() == InstancePhase.SUCCEEDED);
        assertThat(awaitLog(dir.resolve("n1"), NS, "once-1", "from a job")).containsPattern("log +INFO from a job");
    }

    @Test
    void aModuleImportingACapabilityItIsNotGrantedFailsUnlinkableAndTheAgentStaysHealthy() throws Exception {
        bind(client, NS, "kv-1", "shop", kv(grant(true, null, null, null, null, null)), "n1");

        InstanceStatus status = awaitStatus(client, NS, "kv-1", s -> s.phase() == InstancePhase.FAILED);

        assertThat(status.reason()).isEqualTo(CapabilityHook.UNLINKABLE);
        assertThat(status.message())
                .startsWith("component kv cannot be linked: ")
                .contains("continuum.kv_", "keyvalue capability");
        assertThat(TestInstances.get("http://127.0.0.1:" + agent.gatewayPort() + "/healthz")
                        .statusCode())
                .isEqualTo(200);
        runFunction("kv-2", "shop", kv(KEYVALUE));
        assertThat(text("GET", fn("shop", "kv", "?anything"), null)).isEqualTo("missing");
    }

    @Test
    void messagingOrAnMqttTriggerWithoutABrokerFailsNoBroker() {
        var pubsub = component(
                "pub",
                ComponentType.SERVICE,
                module("pubsub.wasm"),
                grant(null, null, null, new Capabilities.Messaging(List.of("chat/#"), List.of()), null, null),
                null,
                null,
                "pub",
                "chat/room");
        var triggered = component(
                "on-message",
                ComponentType.FUNCTION,
                module("mqttfn.wasm"),
                null,
                List.of(new Trigger(TriggerType.MQTT, null, "chat/#", null)),
                null);
        bind(client, NS, "pub-1", "chat", pubsub, "n1");
        bind(client, NS, "fn-1", "chat", triggered, "n1");

        InstanceStatus service = awaitStatus(client, NS, "pub-1", s -> s.phase() == InstancePhase.FAILED);
        InstanceStatus function = awaitStatus(client, NS, "fn-1", s -> s.phase() == InstancePhase.FAILED);

        assertThat(service.reason()).isEqualTo(CapabilityGrants.NO_BROKER);
        assertThat(service.message())
                .contains("component pub of application chat", "node n1 has no MQTT broker", "--mqtt-broker");
        assertThat(function.reason()).isEqualTo(CapabilityGrants.NO_BROKER);
        assertThat(function.message()).contains("has an mqtt trigger (topic chat/#)");
    }

    @Test
    void aScheduleTriggerRunsTheFunctionAtItsTimesAndABadOneFailsTheInstance() {
        var everySecond = component(
                "tick",
                ComponentType.FUNCTION,
                module("mqttfn.wasm"),
                null,
                List.of(new Trigger(TriggerType.SCHEDULE, null, null, "* * * * * *")),
                null);
        var bad = component(
                "tock",
                ComponentType.FUNCTION,
                module("mqttfn.wasm"),
                null,
                List.of(new Trigger(TriggerType.SCHEDULE, null, null, "every minute")),
                null);
        runFunction("tick-1", "clock", everySecond);
        bind(client, NS, "tock-1", "clock", bad, "n1");

        String log = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TestComponents.log(dir.resolve("n1"), NS, "tick-1"),
                        text -> text.split("schedule POST \\* \\* \\* \\* \\* \\*", -1).length > 2);
        assertThat(log).contains("runs on schedule * * * * * * (UTC)", "schedule * * * * * * -> 200");
        InstanceStatus failed = awaitStatus(client, NS, "tock-1", s -> s.phase() == InstancePhase.FAILED);
        assertThat(failed.reason()).isEqualTo(ScheduleTriggerHook.INVALID_TRIGGER);
        assertThat(failed.message())
                .isEqualTo(
                        "component tock: schedule \"every minute\" has 2 fields; give five"
                                + " (minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\") or six with seconds first");
    }

    @Test
    void aComponentGrantedNothingStillRuns() throws Exception {
        runFunction("caps-1", "probe", caps(null).withModule(module("echo.wasm")));

        assertThat(send("GET", fn("probe", "caps", "/x"), null).statusCode()).isEqualTo(200);
    }

    /** A loopback HTTP server answering {@code body} to every request; its port. */
    private int serve(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }
}
