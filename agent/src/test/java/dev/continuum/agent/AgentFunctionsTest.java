package dev.continuum.agent;

import static dev.continuum.agent.TestInstances.awaitStatus;
import static dev.continuum.agent.TestInstances.bind;
import static dev.continuum.agent.TestInstances.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFunctionsTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;
    private ContinuumClient client;
    private Component greet;

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
        client = controlPlane.client();
        greet = component("greet", ComponentType.FUNCTION, Fixtures.fileUrl(dir, "echo.wasm"));
        TestInstances.application(client, "hello", greet, component("worker", ComponentType.SERVICE, greet.module()));
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
    }

    private static ApiError error(HttpResponse<String> response) throws Exception {
        return ResourceCodec.get().json().readValue(response.body(), ApiError.class);
    }

    private static String fn(Agent agent, String path) {
        return "http://127.0.0.1:" + agent.gatewayPort() + "/fn/default/" + path;
    }

    @Test
    void servesAFunctionRunningOnItsNode() throws Exception {
        Agent agent = agents.start("n1");
        bind(client, "greet-1", "hello", greet, "n1");
        awaitStatus(client, "greet-1", s -> s.phase() == InstancePhase.RUNNING);

        var response = TestInstances.send(HttpRequest.newBuilder(URI.create(fn(agent, "hello/greet/x?name=edge")))
                .POST(HttpRequest.BodyPublishers.ofString("hi there"))
                .header("Content-Type", "text/plain")
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("POST");
        assertThat(response.body()).isEqualTo("method=POST\npath=/x\nquery=name=edge\nbody=hi there\n");
        assertThat(TestInstances.get(fn(agent, "hello/greet/teapot")).statusCode())
                .isEqualTo(418);
    }

    @Test
    void aFunctionThatDoesNotExistIsA404NamingIt() throws Exception {
        Agent agent = agents.start("n1");

        var noComponent = TestInstances.get(fn(agent, "hello/nope"));
        var noApplication = TestInstances.get(fn(agent, "absent/greet"));

        assertThat(noComponent.statusCode()).isEqualTo(404);
        assertThat(error(noComponent).message())
                .isEqualTo("no function \"nope\" in application \"hello\" (namespace \"default\")");
        assertThat(noApplication.statusCode()).isEqualTo(404);
        assertThat(error(noApplication).message())
                .startsWith("no function \"greet\" in application \"absent\" (namespace \"default\")");
        assertThat(TestInstances.get("http://127.0.0.1:" + agent.gatewayPort() + "/healthz")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aServiceIsNotServedAsAFunction() throws Exception {
        Agent agent = agents.start("n1");

        var response = TestInstances.get(fn(agent, "hello/worker"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).message()).contains("that component is a service");
    }

    @Test
    void aFunctionWithNoRunningCopyIsA503() throws Exception {
        Agent agent = agents.start("n1");

        var response = TestInstances.get(fn(agent, "hello/greet"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).message()).contains("has no Running copy");
    }

    @Test
    void forwardsToTheNodeThatRunsTheFunction() throws Exception {
        Agent front = agents.start("front");
        agents.start("back");
        bind(client, "greet-1", "hello", greet, "back");
        awaitStatus(client, "greet-1", s -> s.phase() == InstancePhase.RUNNING);

        var response = TestInstances.get(fn(front, "hello/greet/via?front=1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Continuum-Node")).containsExactly("back");
        assertThat(response.body()).isEqualTo("method=GET\npath=/via\nquery=front=1\nbody=\n");
    }

    @Test
    void aDeletedFunctionIsNoLongerServed() throws Exception {
        Agent agent = agents.start("n1");
        bind(client, "greet-1", "hello", greet, "n1");
        awaitStatus(client, "greet-1", s -> s.phase() == InstancePhase.RUNNING);

        client.delete(dev.continuum.model.Instance.class, "default", "greet-1");

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> TestInstances.get(fn(agent, "hello/greet")).statusCode() == 503);
    }
}
