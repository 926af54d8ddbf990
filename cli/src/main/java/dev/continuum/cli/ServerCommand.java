package dev.continuum.cli;

import dev.continuum.controller.node.LifecycleOptions;
import dev.continuum.controlplane.ControlPlane;
import dev.continuum.controlplane.ControlPlaneOptions;
import dev.continuum.model.DurationText;
import dev.continuum.model.Tier;
import dev.continuum.security.CredentialException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code continuum server}: runs a control plane (store, API, scheduler, controllers, dashboard). */
@Command(
        name = "server",
        description = "Run a control plane: the API, the scheduler, the controllers and the dashboard.")
final class ServerCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the state lives (default: ~/.continuum/server).")
    Path dataDir;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            defaultValue = "7070",
            description = "The API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    SecurityFlags security;

    @Option(
            names = "--default-autonomy",
            paramLabel = "TIER=DURATION",
            description = "How long the Instances of an unreachable node of a tier are kept before they are"
                    + " replaced, for nodes that set no spec.autonomy (repeatable; defaults: cloud=0s,"
                    + " cloud-edge=1m, network-edge=10m, gateway=24h, device=24h).")
    Map<String, String> defaultAutonomy = new LinkedHashMap<>();

    @Option(
            names = "--fencing-margin",
            paramLabel = "DURATION",
            description = "How much longer than an at-most-one copy's stopOnNodeAfter to wait before replacing"
                    + " it (default: 5s).")
    String fencingMargin;

    @Option(
            names = "--eviction-rate",
            paramLabel = "NODES_PER_SECOND",
            description = "How many unreachable nodes per second may have their Instances replaced (default: 0.2).")
    Double evictionRate;

    @Option(
            names = "--eviction-burst",
            paramLabel = "NODES",
            description = "How many nodes may start being replaced at once (default: 2).")
    Integer evictionBurst;

    @Option(
            names = "--unhealthy-threshold",
            paramLabel = "FRACTION",
            description = "Replace nothing while at least this fraction of the nodes (two or more) is unreachable"
                    + " at once (default: 0.55).")
    Double unhealthyThreshold;

    @Option(
            names = "--lost-node-retention",
            paramLabel = "DURATION",
            description =
                    "How long a lost node is kept after its autonomy window before it is removed" + " (default: 24h).")
    String lostNodeRetention;

    /** The lifecycle options the flags give, on top of the defaults. */
    LifecycleOptions lifecycle() {
        try {
            LifecycleOptions o = LifecycleOptions.defaults();
            Map<Tier, Duration> windows = new EnumMap<>(Tier.class);
            defaultAutonomy.forEach((tier, window) -> windows.put(Tier.parse(tier), DurationText.parse(window)));
            o = o.withAutonomy(windows);
            if (fencingMargin != null) {
                o = o.withFencingMargin(DurationText.parse(fencingMargin));
            }
            if (evictionRate != null || evictionBurst != null) {
                o = o.withEvictionRate(
                        evictionRate == null ? o.evictionRate() : evictionRate,
                        evictionBurst == null ? o.evictionBurst() : evictionBurst);
            }
            if (unhealthyThreshold != null) {
                o = o.withUnhealthyThreshold(unhealthyThreshold);
            }
            if (lostNodeRetention != null) {
                o = o.withLostNodeRetention(DurationText.parse(lostNodeRetention));
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    static Path home() {
        return Path.of(System.getProperty("user.home"), ".continuum");
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir != null ? dataDir : home().resolve("server");
        ControlPlane cp;
        try {
            cp = ControlPlane.start(security.apply(
                    ControlPlaneOptions.in(dir).withHost(host).withPort(port).withLifecycle(lifecycle())));
        } catch (CredentialException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage() + " (check --san and " + dir + ")");
        }
        Lifecycle.closeOnExit(cp);
        List<Path> configs = ClusterAccessFiles.write(cp, dir, dataDir == null);
        System.err.println("continuum: control plane on " + cp.url() + " (dashboard at " + cp.url() + "/)");
        if (cp.insecure()) {
            System.err.println("continuum: WARNING: --insecure: plain HTTP without certificates; tokens and data cross"
                    + " the network in clear text. For local experiments only.");
        }
        System.err.println("continuum: client config (administrator) in "
                + configs.stream().map(Path::toString).collect(Collectors.joining(" and ")));
        System.err.println("continuum: to add a node, make a bootstrap token (each lets one node join once):");
        System.err.println("  continuum token create --ttl 1h --config " + configs.getFirst());
        System.err.println("continuum: and start the agent with what that prints:");
        System.err.println("  continuum agent --server " + cp.url() + " --token <token>"
                + cp.caPin().map(pin -> " --ca-hash " + pin).orElse(""));
        Lifecycle.awaitExit();
        return ExitCodes.OK;
    }
}
