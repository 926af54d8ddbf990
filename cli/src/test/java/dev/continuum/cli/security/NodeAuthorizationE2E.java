package dev.continuum.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.identity.NodeIdentity;
import dev.continuum.cli.ClusterAccess;
import dev.continuum.cli.ContinuumProcess;
import dev.continuum.client.ApiException;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Lease;
import dev.continuum.model.Node;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import dev.continuum.model.codec.ResourceCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization matrix with two real agents: a control plane and agents {@code a} and {@code b}
 * as processes, one Instance placed on each. Then, with each agent's own credentials (its key and
 * certificate, read from its data folder as a thief of the machine would), every read and change of
 * the other's Instances (and the grants and config they carry), Node and Lease is refused, and of its
 * own allowed; a node changing its own labels, taints or tier, or deleting itself, is refused. (There
 * is no Device kind yet, so there are no Devices to bind.)
 */
class NodeAuthorizationE2E {

    @TempDir
    Path dir;

    private final List<ContinuumProcess> processes = new ArrayList<>();
    private ClusterAccess cluster;

    @AfterEach
    void stop() {
        processes.reversed().forEach(ContinuumProcess::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private ContinuumProcess start(String name, List<String> args) {
        ContinuumProcess p = ContinuumProcess.start(dir, name, args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    private void agent(String name) {
        List<String> args = new ArrayList<>(List.of("agent"));
        args.addAll(cluster.agentFlags());
        args.addAll(List.of(
                "--node-name",
                name,
                "--label",
                "who=" + name,
                "--tier",
                "gateway",
                "--data-dir",
                dir.resolve(name).toString(),
                "--gateway-host",
                "127.0.0.1",
                "--gateway-port",
                "0",
                "--lease-renew-interval",
                "1s",
                "--lease-duration",
                "4s"));
        start(name, args);
    }

    /** A client that authenticates as the agent in {@code dataDir}, with its own key and certificate. */
    private ContinuumClient as(String node) throws Exception {
        NodeIdentity identity = NodeIdentity.read(dir.resolve(node)).orElseThrow();
        return ContinuumClient.connect(cluster.server(), null, ClientOptions.defaults(), identity.controlPlaneTls());
    }

    private static void refused(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.isForbidden()).as("%s", e).isTrue());
    }

    @Test
    void eachNodeReachesOnlyWhatIsBoundToItAndCannotChangeWhatTheAdministratorsSet() throws Exception {
        int port = ContinuumProcess.freePort();
        ContinuumProcess server = start(
                "server",
                List.of("server", "--data-dir", dir.resolve("server").toString(), "--port", Integer.toString(port)));
        cluster = ClusterAccess.await(dir.resolve("server"), server);
        agent("a");
        agent("b");
        ContinuumClient admin = cluster.client();
        await().atMost(Duration.ofSeconds(60))
                .alias("both nodes Ready")
                .until(() -> admin.list(Node.class, null).items().stream()
                                .filter(Node::isReady)
                                .count()
                        == 2);
        Path wasm = Path.of("..", "examples", "hello", "hello.wasm")
                .toAbsolutePath()
                .normalize();
        admin.create(ResourceCodec.get()
                .readOne("matrix.yaml", """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: matrix}
                spec:
                  components:
                    - name: on-a
                      type: function
                      module: %s
                      placement: {nodeSelector: {who: a}}
                      capabilities: {config: {secret: only-for-a}}
                    - name: on-b
                      type: function
                      module: %s
                      placement: {nodeSelector: {who: b}}
                      capabilities: {config: {secret: only-for-b}}
                """.formatted(wasm.toUri(), wasm.toUri()), Application.class));
        await().atMost(Duration.ofSeconds(60))
                .alias("one Running copy on each node")
                .until(() -> admin.list(Instance.class, "default").items().stream()
                                .filter(i -> i.status().phase() == InstancePhase.RUNNING)
                                .count()
                        == 2);

        for (String self : List.of("a", "b")) {
            String other = self.equals("a") ? "b" : "a";
            Instance mine = instanceOn(admin, self);
            Instance theirs = instanceOn(admin, other);
            try (ContinuumClient node = as(self)) {
                // Instances, and the grants and config they carry.
                assertThat(node.get(Instance.class, "default", mine.metadata().name())
                                .orElseThrow()
                                .spec()
                                .template()
                                .capabilities()
                                .config())
                        .containsEntry("secret", "only-for-" + self);
                refused(() ->
                        node.get(Instance.class, "default", theirs.metadata().name()));
                assertThat(node.list(Instance.class, null, Selector.field("spec.node", self))
                                .items())
                        .extracting(i -> i.metadata().name())
                        .containsExactly(mine.metadata().name());
                refused(() -> node.list(Instance.class, null, Selector.field("spec.node", other)));
                refused(() -> node.list(Instance.class, "default"));
                Instance fresh = node.get(
                                Instance.class, "default", mine.metadata().name())
                        .orElseThrow();
                node.updateStatus(fresh.withStatus(fresh.status()));
                refused(() -> node.updateStatus(theirs.withStatus(theirs.status())));
                refused(() -> node.update(fresh.withSpec(fresh.spec().withNode(other))));
                refused(() ->
                        node.delete(Instance.class, "default", theirs.metadata().name()));
                refused(() ->
                        node.delete(Instance.class, "default", mine.metadata().name()));
                refused(() -> node.get(Application.class, "default", "matrix"));
                assertThat(node.functionRoute("default", "matrix", "on-" + other)
                                .copies())
                        .extracting(c -> c.node())
                        .containsExactly(other);

                // Nodes.
                Node ownNode = node.get(Node.class, null, self).orElseThrow();
                node.updateStatus(ownNode.withStatus(ownNode.status()));
                refused(() -> node.get(Node.class, null, other));
                Node otherNode = admin.get(Node.class, null, other).orElseThrow();
                refused(() -> node.updateStatus(otherNode.withStatus(otherNode.status())));
                refused(() -> node.list(Node.class, null));
                refused(() ->
                        node.update(ownNode.withMetadata(ownNode.metadata().withLabel("who", "admin"))));
                refused(() -> node.update(ownNode.withSpec(
                        ownNode.spec().withTaints(List.of(new Taint("quarantine", null, TaintEffect.NO_SCHEDULE))))));
                refused(() -> node.update(ownNode.withSpec(ownNode.spec().withTier(Tier.CLOUD))));
                refused(() ->
                        node.update(otherNode.withMetadata(otherNode.metadata().withLabel("who", self))));
                refused(() -> node.delete(Node.class, null, self));
                refused(() -> node.delete(Node.class, null, other));

                // Leases.
                Lease ownLease = node.get(Lease.class, null, self).orElseThrow();
                node.update(ownLease);
                refused(() -> node.get(Lease.class, null, other));
                Lease otherLease = admin.get(Lease.class, null, other).orElseThrow();
                refused(() -> node.update(otherLease.withSpec(ownLease.spec())));
                refused(() -> node.delete(Lease.class, null, self));
            }
        }

        for (String n : List.of("a", "b")) {
            Node stored = admin.get(Node.class, null, n).orElseThrow();
            assertThat(stored.metadata().labels()).containsEntry("who", n);
            assertThat(stored.spec().taints()).isEmpty();
            assertThat(stored.spec().tier()).isEqualTo(Tier.GATEWAY);
        }
        assertThat(instanceOn(admin, "a").spec().node()).isEqualTo("a");
        assertThat(cluster.run("get", "nodes").out()).contains("Ready");
        assertThat(admin.get(Node.class, null, "a").orElseThrow().isReady()).isTrue();
    }

    private static Instance instanceOn(ContinuumClient admin, String node) {
        return admin.list(Instance.class, "default").items().stream()
                .filter(i -> node.equals(i.spec().node()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Instance on " + node));
    }
}
