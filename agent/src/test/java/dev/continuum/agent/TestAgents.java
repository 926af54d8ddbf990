package dev.continuum.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts agents against a {@link TestControlPlane} with test timings (fast lease, fast backoff), and stops them all. */
final class TestAgents implements AutoCloseable {

    private final TestControlPlane controlPlane;
    private final Path dir;
    private final List<Agent> agents = new ArrayList<>();

    TestAgents(TestControlPlane controlPlane, Path dir) {
        this.controlPlane = controlPlane;
        this.dir = dir;
    }

    /** Options for node {@code name}: its own data folder, an ephemeral loopback gateway, quick beats. */
    AgentOptions.Builder options(String name) {
        return AgentOptions.builder()
                .server(controlPlane.uri())
                .bootstrapToken(TestControlPlane.BOOTSTRAP_TOKEN)
                .nodeName(name)
                .dataDir(dir.resolve(name))
                .gatewayHost("127.0.0.1")
                .gatewayPort(0)
                .leaseRenewInterval(Duration.ofMillis(200))
                .leaseDuration(Duration.ofSeconds(2))
                .restartBackoff(Duration.ofMillis(100))
                .restartBackoffMax(Duration.ofSeconds(1));
    }

    Agent start(String name) {
        return start(options(name));
    }

    Agent start(AgentOptions.Builder options) {
        Agent agent = new Agent(options.build()).start();
        agents.add(agent);
        return agent;
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
    }
}
