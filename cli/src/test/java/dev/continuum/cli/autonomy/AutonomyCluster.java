package dev.continuum.cli.autonomy;

import dev.continuum.cli.ClusterAccess;
import dev.continuum.cli.ContinuumProcess;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Application;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * A control plane and agents as separate processes of the distribution jar, each agent reaching the
 * control plane through its own {@link FaultInjectingProxy}, with a {@link LogTap} on every agent's
 * logs and a timeline: every step and every awaited condition is logged with the seconds since the
 * test began, and a failure prints the timeline and each process's output.
 *
 * <p>Timings are the fast ones of the tests: leases renewed every second with a 3 s grace, restarts
 * backing off from 200 ms.
 *
 * <p>The control plane runs as in production, with TLS and access rules: the cluster's {@link
 * ClusterAccess} (read from the config it writes) gives the administrator's client and a bootstrap
 * token for each agent that joins.
 */
final class AutonomyCluster implements AutoCloseable {

    static final Duration RENEWAL = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofSeconds(3);

    private final Path dir;
    private final int port = ContinuumProcess.freePort();
    private final List<String> serverFlags = new ArrayList<>();
    private final List<ContinuumProcess> processes = new ArrayList<>();
    private final List<AgentNode> agents = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private final Instant began = Instant.now();
    private final LogTap tap = new LogTap();
    private ClusterAccess access;
    private ContinuumProcess server;

    AutonomyCluster(Path dir) {
        this.dir = dir;
    }

    String serverUrl() {
        return "https://127.0.0.1:" + port;
    }

    /** How to reach the control plane (known once it has started). */
    ClusterAccess access() {
        if (access == null) {
            throw new IllegalStateException("the control plane has not started yet: call startServer() first");
        }
        return access;
    }

    /** An HTTP client for the agents' gateways, which speak TLS with node certificates of the cluster CA. */
    HttpClient gatewayHttp() {
        return access().gatewayHttp();
    }

    Path dir() {
        return dir;
    }

    ContinuumClient client() {
        return access().client();
    }

    LogTap tap() {
        return tap;
    }

    /** Notes a step of the timeline. */
    synchronized void note(String what) {
        String line = String.format("t+%6.2fs  %s", seconds(Duration.between(began, Instant.now())), what);
        timeline.add(line);
        System.out.println("[timeline] " + line);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Starts the control plane with {@code flags} (kept for restarts); returns once it is ready. */
    void startServer(String... flags) {
        if (flags.length > 0) {
            serverFlags.clear();
            serverFlags.addAll(List.of(flags));
        }
        List<String> args = new ArrayList<>(
                List.of("server", "--data-dir", serverDir().toString(), "--port", Integer.toString(port)));
        args.addAll(serverFlags);
        server = ContinuumProcess.start(dir, "server-" + processes.size(), args.toArray(String[]::new));
        processes.add(server);
        if (access != null) {
            access.close();
        }
        access = ClusterAccess.await(serverDir(), server);
        note("control plane ready");
    }

    Path serverDir() {
        return dir.resolve("server");
    }

    /** SIGKILL: the control plane vanishes with no goodbye. */
    void killServer() throws InterruptedException {
        server.kill();
        note("control plane killed (SIGKILL)");
    }

    /** SIGTERM: the control plane closes its store cleanly. */
    void stopServer() {
        server.close();
        note("control plane stopped (SIGTERM)");
    }

    /** An agent named {@code name} in its own data folder, reaching the control plane through a proxy. */
    AgentNode agent(String name, String... flags) {
        AgentNode node = new AgentNode(this, name, dir.resolve(name), FaultInjectingProxy.to(port), List.of(flags));
        agents.add(node);
        tap.follow(name, node.dataDir());
        return node;
    }

    ContinuumProcess startProcess(String name, List<String> args) {
        ContinuumProcess p = ContinuumProcess.start(dir, name, args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    /** Creates the Application a YAML manifest declares. */
    Application apply(String yaml) {
        Application app = ResourceCodec.get().readOne("test manifest", yaml, Application.class);
        Application created = client().create(app);
        note("applied " + created.metadata().name());
        return created;
    }

    /** The Instances of a component. */
    List<Instance> instances(String app, String component) {
        return client().list(Instance.class, "default").items().stream()
                .filter(i -> app.equals(i.spec().application())
                        && component.equals(i.spec().component()))
                .toList();
    }

    /** The one Instance of a component, failing when there are none or several. */
    Instance only(String app, String component) {
        List<Instance> all = instances(app, component);
        if (all.size() != 1) {
            throw new AssertionError("expected one Instance of " + app + "/" + component + ", found " + names(all));
        }
        return all.getFirst();
    }

    Optional<Instance> instance(String name) {
        return client().get(Instance.class, "default", name);
    }

    static List<String> names(List<Instance> instances) {
        return instances.stream()
                .map(i -> i.metadata().name() + "@" + i.spec().node() + "("
                        + i.status().phase().wireName() + ", epoch " + i.spec().epoch() + ")")
                .toList();
    }

    Node node(String name) {
        return client().get(Node.class, null, name).orElseThrow(() -> new AssertionError("no node " + name));
    }

    /** The reason of the node's Ready condition, or "Ready". */
    String readiness(String name) {
        Node n = node(name);
        return n.isReady() ? "Ready" : n.readyCondition().map(c -> c.reason()).orElse("none");
    }

    List<Event> events(String reason) {
        return client().list(Event.class, "default").items().stream()
                .filter(e -> reason.equals(e.spec().reason()))
                .toList();
    }

    static boolean running(Instance i) {
        return i.status().phase() == InstancePhase.RUNNING;
    }

    /**
     * Waits until {@code condition} holds, at most {@code bound}; notes when it did. The bound is an
     * assertion of the timeline, so {@code what} says why it is that long.
     */
    Duration await(String what, Duration bound, Callable<Boolean> condition) {
        Instant from = Instant.now();
        try {
            Awaitility.await()
                    .alias(what)
                    .atMost(bound)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        tap.poll();
                        return condition.call();
                    });
        } catch (RuntimeException | Error e) {
            note("FAILED waiting " + bound.toSeconds() + " s for: " + what);
            throw new AssertionError(what + " (bound " + bound + ")\n" + report(), e);
        }
        Duration took = Duration.between(from, Instant.now());
        note(what + " — after " + String.format("%.2f", seconds(took)) + " s");
        return took;
    }

    /**
     * Checks that {@code invariant} holds all through {@code period}, looking every 100 ms (the tap
     * is read at each look): for assertions that something does <em>not</em> happen.
     */
    void holdsFor(String what, Duration period, Callable<Boolean> invariant) {
        Instant end = Instant.now().plus(period);
        try {
            Awaitility.await()
                    .alias(what)
                    .atMost(period.plusSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        tap.poll();
                        if (!invariant.call()) {
                            throw new AssertionError("broken: " + what);
                        }
                        return !Instant.now().isBefore(end);
                    });
        } catch (RuntimeException | Error e) {
            note("FAILED: " + what);
            throw new AssertionError(what + "\n" + report(), e);
        }
        note("held for " + period.toSeconds() + " s: " + what);
    }

    /** The timeline, the Instances and the last output of every process, for a failure message. */
    String report() {
        StringBuilder out = new StringBuilder("--- timeline\n");
        synchronized (this) {
            timeline.forEach(l -> out.append(l).append('\n'));
        }
        try {
            out.append("--- instances\n");
            names(client().list(Instance.class, "default").items())
                    .forEach(l -> out.append(l).append('\n'));
        } catch (RuntimeException e) {
            out.append("(cannot list: ").append(e.getMessage()).append(")\n");
        }
        for (ContinuumProcess p : processes) {
            String text = p.toString();
            out.append("--- ")
                    .append(text.length() > 12000 ? text.substring(text.length() - 12000) : text)
                    .append('\n');
        }
        return out.toString();
    }

    /** Copies a test module to the cluster's folder and returns its {@code file:} URL. */
    String module(String resource) {
        Path file = dir.resolve("modules").resolve(Path.of(resource).getFileName());
        try (InputStream in = AutonomyCluster.class.getResourceAsStream(resource)) {
            Files.createDirectories(file.getParent());
            if (in == null) {
                Files.copy(Path.of(resource), file);
            } else {
                Files.copy(in, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the module " + resource, e);
        }
        return file.toUri().toString();
    }

    @Override
    public void close() {
        for (AgentNode a : agents) {
            a.proxy().close();
        }
        processes.reversed().forEach(ContinuumProcess::close);
        tap.close();
        if (access != null) {
            access.close();
        }
    }
}
