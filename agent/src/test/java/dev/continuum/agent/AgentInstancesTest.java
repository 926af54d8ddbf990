package dev.continuum.agent;

import static dev.continuum.agent.TestInstances.NAMESPACE;
import static dev.continuum.agent.TestInstances.awaitStatus;
import static dev.continuum.agent.TestInstances.bind;
import static dev.continuum.agent.TestInstances.component;
import static dev.continuum.agent.TestInstances.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.fetch.FetchResult;
import dev.continuum.agent.fetch.ModuleCache;
import dev.continuum.agent.runtime.ExitReasons;
import dev.continuum.agent.runtime.ModuleHook;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentInstancesTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;
    private ContinuumClient client;
    private Agent agent;

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
        client = controlPlane.client();
        agent = agents.start("n1");
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
    }

    private String module(String fixture) {
        return Fixtures.fileUrl(dir, fixture);
    }

    private String logs(String instance) throws Exception {
        return get("http://127.0.0.1:" + agent.gatewayPort() + "/logs/" + NAMESPACE + "/" + instance)
                .body();
    }

    @Test
    void runsAServiceBoundToItsNodeAndLogsItsOutput() throws Exception {
        bind(client, "svc-1", "app", component("svc", ComponentType.SERVICE, module("sleeper.wasm"), "first"), "n1");

        InstanceStatus status = awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);

        assertThat(status.address()).isEqualTo(agent.gatewayAddress());
        assertThat(status.startTime()).isNotNull();
        assertThat(status.observedEpoch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> logs("svc-1").contains("stdout sleeper: up (first)"));
    }

    @Test
    void theControlPlaneServesTheLogsOfAnInstanceFromItsNode() throws Exception {
        bind(client, "job-1", "app", component("job", ComponentType.JOB, module("exit.wasm"), "0"), "n1");
        awaitStatus(client, "job-1", s -> s.phase() == InstancePhase.SUCCEEDED);

        try (InputStream in = client.logs(NAMESPACE, "job-1", false, null)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("stdout exit: GREETING=hi").contains("stderr exit: leaving with code 0");
        }
    }

    @Test
    void aCrashingServiceIsRestartedWithBackoffAndItsRestartsCounted() {
        bind(client, "crash-1", "app", component("crash", ComponentType.SERVICE, module("exit.wasm"), "3"), "n1");

        InstanceStatus status = awaitStatus(client, "crash-1", s -> s.restarts() >= 2);

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.reason()).isIn("BackOff", ExitReasons.ERROR);
        assertThat(status.message()).contains("exited with code 3");
    }

    @Test
    void aJobThatExitsZeroSucceeds() {
        bind(client, "job-1", "app", component("job", ComponentType.JOB, module("exit.wasm"), "0"), "n1");

        InstanceStatus status = awaitStatus(client, "job-1", s -> s.phase() == InstancePhase.SUCCEEDED);

        assertThat(status.exitCode()).isZero();
        assertThat(status.reason()).isEqualTo(ExitReasons.COMPLETED);
    }

    @Test
    void aJobThatExitsNonZeroFailsWithItsExitCode() {
        bind(client, "job-1", "app", component("job", ComponentType.JOB, module("exit.wasm"), "7"), "n1");

        InstanceStatus status = awaitStatus(client, "job-1", s -> s.phase() == InstancePhase.FAILED);

        assertThat(status.exitCode()).isEqualTo(7);
        assertThat(status.message()).isEqualTo("exited with code 7");
    }

    @Test
    void aFinishedJobIsNotRunAgainWhenTheAgentRestarts() throws Exception {
        bind(client, "job-1", "app", component("job", ComponentType.JOB, module("exit.wasm"), "0"), "n1");
        awaitStatus(client, "job-1", s -> s.phase() == InstancePhase.SUCCEEDED);
        String before = logs("job-1");
        agent.close();

        agent = agents.start("n1");

        // The restarted agent has seen the Instance once its log is open again (primed from disk).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("http://127.0.0.1:" + agent.gatewayPort() + "/logs/default/job-1")
                                .statusCode()
                        == 200);
        assertThat(logs("job-1")).isEqualTo(before);
    }

    @Test
    void aDigestMismatchFailsTheInstanceNamingBothDigests() throws Exception {
        String pinned = "sha256:" + "ab".repeat(32);
        var component =
                component("job", ComponentType.JOB, module("exit.wasm"), "0").withDigest(pinned);
        bind(client, "bad-digest", "app", component, "n1");

        InstanceStatus status = awaitStatus(client, "bad-digest", s -> s.phase() == InstancePhase.FAILED);

        assertThat(status.reason()).isEqualTo(FetchResult.DIGEST_MISMATCH);
        assertThat(status.message()).contains(pinned).contains(ModuleCache.digestOf(Fixtures.bytes("exit.wasm")));
        assertAgentStillWorks();
    }

    @Test
    void aModuleThatIsNotWebAssemblyFailsAsInvalidModule() throws Exception {
        Path text = dir.resolve("readme.wasm");
        Files.writeString(text, "not a module at all");
        bind(
                client,
                "not-wasm",
                "app",
                component("job", ComponentType.JOB, text.toUri().toString()),
                "n1");

        InstanceStatus status = awaitStatus(client, "not-wasm", s -> s.phase() == InstancePhase.FAILED);

        assertThat(status.reason()).isEqualTo(ModuleHook.INVALID_MODULE);
        assertThat(status.message()).contains(text.toUri().toString());
        assertAgentStillWorks();
    }

    @Test
    void aMissingModuleFailsAsModuleFetchFailedAndIsRetried() throws Exception {
        Path absent = dir.resolve("absent.wasm");
        bind(
                client,
                "missing",
                "app",
                component("job", ComponentType.JOB, absent.toUri().toString(), "0"),
                "n1");

        InstanceStatus status = awaitStatus(client, "missing", s -> s.phase() == InstancePhase.FAILED);
        assertThat(status.reason()).isEqualTo(FetchResult.FETCH_FAILED);
        assertThat(status.message()).contains(absent.toString()).contains("retrying");
        assertAgentStillWorks();

        Files.write(absent, Fixtures.bytes("exit.wasm"));

        awaitStatus(client, "missing", s -> s.phase() == InstancePhase.SUCCEEDED);
    }

    @Test
    void aDeletedInstanceIsStoppedAndItsLogRemoved() throws Exception {
        bind(client, "svc-1", "app", component("svc", ComponentType.SERVICE, module("sleeper.wasm")), "n1");
        awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);
        await().atMost(Duration.ofSeconds(30)).until(() -> logs("svc-1").contains("sleeper: up"));

        client.delete(Instance.class, NAMESPACE, "svc-1");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("http://127.0.0.1:" + agent.gatewayPort() + "/logs/default/svc-1")
                                .statusCode()
                        == 404);
        assertThat(dir.resolve("n1/logs/default/svc-1.log")).doesNotExist();
    }

    @Test
    void aNewEpochRestartsTheInstance() throws Exception {
        Instance created = bind(
                client, "svc-1", "app", component("svc", ComponentType.SERVICE, module("sleeper.wasm"), "one"), "n1");
        awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);

        Instance current = client.get(Instance.class, NAMESPACE, "svc-1").orElseThrow();
        client.update(current.withSpec(current.spec().withEpoch(2)));

        InstanceStatus status =
                awaitStatus(client, "svc-1", s -> s.observedEpoch() == 2 && s.phase() == InstancePhase.RUNNING);
        assertThat(status.restarts()).isZero();
        assertThat(created.metadata().uid())
                .isEqualTo(client.get(Instance.class, NAMESPACE, "svc-1")
                        .orElseThrow()
                        .metadata()
                        .uid());
    }

    /** The agent still answers and runs new work after a bad Instance. */
    private void assertAgentStillWorks() throws Exception {
        assertThat(get("http://127.0.0.1:" + agent.gatewayPort() + "/healthz").statusCode())
                .isEqualTo(200);
        String name = "probe-" + System.nanoTime();
        bind(client, name, "app", component("job", ComponentType.JOB, module("exit.wasm"), "0"), "n1");
        awaitStatus(client, name, s -> s.phase() == InstancePhase.SUCCEEDED);
    }
}
