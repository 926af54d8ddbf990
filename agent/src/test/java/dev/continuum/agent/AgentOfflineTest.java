package dev.continuum.agent;

import static dev.continuum.agent.TestInstances.awaitStatus;
import static dev.continuum.agent.TestInstances.bind;
import static dev.continuum.agent.TestInstances.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent does while its control plane is away, and when it comes back. */
class AgentOfflineTest {

    @TempDir
    Path dir;

    private TestControlPlane controlPlane;
    private TestAgents agents;

    @BeforeEach
    void setUp() {
        controlPlane = new TestControlPlane(dir.resolve("cp"));
        agents = new TestAgents(controlPlane, dir);
    }

    @AfterEach
    void tearDown() {
        agents.close();
        controlPlane.close();
    }

    private static int restartsInLog(String log) {
        return (int) log.lines().filter(l -> l.contains("restarting in")).count();
    }

    @Test
    void keepsRunningItsInstancesWhileTheControlPlaneIsAwayAndReportsWhenItIsBack() throws Exception {
        Agent agent = agents.start("n1");
        var client = controlPlane.client();
        bind(
                client,
                "crash-1",
                "app",
                component("crash", ComponentType.SERVICE, Fixtures.fileUrl(dir, "exit.wasm"), "3"),
                "n1");
        bind(
                client,
                "svc-1",
                "app",
                component("svc", ComponentType.SERVICE, Fixtures.fileUrl(dir, "sleeper.wasm")),
                "n1");
        awaitStatus(client, "svc-1", s -> s.phase() == InstancePhase.RUNNING);
        int restartsBefore =
                awaitStatus(client, "crash-1", s -> s.restarts() >= 1).restarts();

        controlPlane.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.connected());
        String logs = "http://127.0.0.1:" + agent.gatewayPort() + "/logs/default/";
        int seenOffline = restartsInLog(TestInstances.get(logs + "crash-1").body());

        // Still supervising: the crashing service keeps being restarted with nobody to tell.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> restartsInLog(TestInstances.get(logs + "crash-1").body()) >= seenOffline + 2);
        assertThat(TestInstances.get(logs + "svc-1").body()).contains("sleeper: up");

        controlPlane.start();

        InstanceStatus after = awaitStatus(client, "crash-1", s -> s.restarts() >= restartsBefore + 2);
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(client.get(Instance.class, "default", "svc-1")
                        .orElseThrow()
                        .status()
                        .phase())
                .isEqualTo(InstancePhase.RUNNING);
    }

    @Test
    void startsOfflineWithItsStoredTokenAndCatchesUpWhenTheControlPlaneIsBack() {
        agents.start("n1").close();
        controlPlane.stop();

        Agent agent = agents.start(agents.options("n1").bootstrapToken(null));
        assertThat(agent.connected()).isFalse();
        controlPlane.start();
        var client = controlPlane.client();
        bind(
                client,
                "job-1",
                "app",
                component("job", ComponentType.JOB, Fixtures.fileUrl(dir, "exit.wasm"), "0"),
                "n1");

        awaitStatus(client, "job-1", s -> s.phase() == InstancePhase.SUCCEEDED);
    }
}
