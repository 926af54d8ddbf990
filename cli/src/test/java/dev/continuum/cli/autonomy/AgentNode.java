package dev.continuum.cli.autonomy;

import dev.continuum.cli.ContinuumProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent of an {@link AutonomyCluster}: its data folder, its gateway port and its proxy stay the
 * same across restarts, as a machine's would. Not thread-safe: the test drives it.
 */
final class AgentNode {

    private final AutonomyCluster cluster;
    private final String name;
    private final Path dataDir;
    private final FaultInjectingProxy proxy;
    private final List<String> flags;
    private final int gatewayPort = ContinuumProcess.freePort();
    private ContinuumProcess process;
    private int starts;

    AgentNode(AutonomyCluster cluster, String name, Path dataDir, FaultInjectingProxy proxy, List<String> flags) {
        this.cluster = cluster;
        this.name = name;
        this.dataDir = dataDir;
        this.proxy = proxy;
        this.flags = List.copyOf(flags);
    }

    String name() {
        return name;
    }

    Path dataDir() {
        return dataDir;
    }

    FaultInjectingProxy proxy() {
        return proxy;
    }

    String gateway() {
        return "https://127.0.0.1:" + gatewayPort;
    }

    /** Starts the agent process (again). */
    AgentNode start() {
        return start(dataDir);
    }

    /** Starts the agent process with another data folder: the same node on a fresh machine. */
    AgentNode start(Path folder) {
        List<String> args = new ArrayList<>(List.of("agent"));
        if (Files.exists(folder.resolve("tls").resolve("identity"))) {
            args.addAll(List.of("--server", proxy.url()));
        } else {
            // A machine that has not joined yet needs a bootstrap token of its own, and the CA's pin.
            args.addAll(cluster.access().agentFlags(proxy.url()));
        }
        args.addAll(List.of(
                "--node-name",
                name,
                "--data-dir",
                folder.toString(),
                "--gateway-host",
                "127.0.0.1",
                "--gateway-port",
                Integer.toString(gatewayPort),
                "--lease-renew-interval",
                AutonomyCluster.RENEWAL.toSeconds() + "s",
                "--lease-duration",
                AutonomyCluster.GRACE.toSeconds() + "s",
                "--restart-backoff",
                "200ms",
                "--restart-backoff-max",
                "1s"));
        args.addAll(flags);
        process = cluster.startProcess(name + "-" + starts++, args);
        if (!folder.equals(dataDir)) {
            cluster.tap().follow(name + "'", folder);
        }
        cluster.note("agent " + name + " started" + (folder.equals(dataDir) ? "" : " in a fresh data folder"));
        return this;
    }

    boolean alive() {
        return process != null && process.alive();
    }

    /** SIGKILL: as when the machine loses power. */
    void kill() throws InterruptedException {
        process.kill();
        cluster.note("agent " + name + " killed (SIGKILL)");
    }

    /** SIGTERM: the agent leaves cleanly (its Instances stay bound to the node). */
    void stop() {
        process.close();
        cluster.note("agent " + name + " stopped (SIGTERM)");
    }

    void partition() {
        proxy.blackhole();
        cluster.note("partition: " + name + " cut off from the control plane (blackhole)");
    }

    void heal() {
        proxy.pass();
        cluster.note("heal: " + name + " reaches the control plane again");
    }
}
