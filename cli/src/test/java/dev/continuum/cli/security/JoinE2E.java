package dev.continuum.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.identity.NodeIdentity;
import dev.continuum.cli.ClusterAccess;
import dev.continuum.cli.ContinuumProcess;
import dev.continuum.model.Node;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining as it happens on real machines: agents as processes against a control plane whose node
 * certificates last 15 s. Forged, reused and expired bootstrap tokens are refused, a wrong CA pin is
 * refused before the token is spent, and a joined node renews its certificate and stays Ready.
 */
class JoinE2E {

    private static final Pattern EXPIRES = Pattern.compile("until (\\S+)\\. On the node");

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

    private ContinuumProcess agent(String name, String token, String caHash) {
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--server",
                cluster.server().toString(),
                "--token",
                token,
                "--ca-hash",
                caHash,
                "--node-name",
                name,
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
        ContinuumProcess p = ContinuumProcess.start(dir, name + "-" + processes.size(), args.toArray(String[]::new));
        processes.add(p);
        return p;
    }

    private static void refusedWith(ContinuumProcess agent, String why) throws InterruptedException {
        assertThat(agent.exitCode()).as("%s", agent).isEqualTo(1);
        assertThat(agent.output()).contains(why);
    }

    private boolean ready(String node) {
        return cluster.client().get(Node.class, null, node).map(Node::isReady).orElse(false);
    }

    @Test
    void badTokensAndAWrongPinAreRefusedAndAJoinedNodeRenewsItsCertificate() throws Exception {
        ContinuumProcess server = ContinuumProcess.start(
                dir,
                "server",
                "server",
                "--data-dir",
                dir.resolve("server").toString(),
                "--port",
                Integer.toString(ContinuumProcess.freePort()),
                "--node-cert-ttl",
                "15s");
        processes.add(server);
        cluster = ClusterAccess.await(dir.resolve("server"), server);

        refusedWith(
                agent("forger", "deadbeef." + "0".repeat(32), cluster.caHash()), "no bootstrap token deadbeef exists");

        String token = cluster.joinToken();
        refusedWith(agent("n1", token, "sha256:" + "0".repeat(64)), "not the pinned sha256:" + "0".repeat(64));
        assertThat(dir.resolve("n1").resolve(NodeIdentity.FOLDER)).doesNotExist();

        ContinuumProcess n1 = agent("n1", token, cluster.caHash());
        await().atMost(Duration.ofSeconds(60))
                .alias("n1 joins with the unspent token")
                .until(() -> ready("n1"));

        refusedWith(agent("n2", token, cluster.caHash()), "was already used by node n1");

        ContinuumProcess.Result shortLived = cluster.run("token", "create", "--ttl", "1s");
        assertThat(shortLived.exitCode()).as("%s", shortLived).isZero();
        String expiring = shortLived.out().lines().findFirst().orElseThrow();
        Matcher until = EXPIRES.matcher(shortLived.out());
        assertThat(until.find()).as(shortLived.out()).isTrue();
        Instant expires = Instant.parse(until.group(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires));
        refusedWith(agent("n3", expiring, cluster.caHash()), "expired at");

        BigInteger first =
                NodeIdentity.read(dir.resolve("n1")).orElseThrow().certificate().getSerialNumber();
        await().atMost(Duration.ofSeconds(60))
                .alias("n1 renews its certificate")
                .until(() -> !NodeIdentity.read(dir.resolve("n1"))
                        .orElseThrow()
                        .certificate()
                        .getSerialNumber()
                        .equals(first));
        Instant firstExpiry = Instant.now().plusSeconds(20);
        await().atMost(Duration.ofSeconds(60))
                .alias("n1 is still Ready after its first certificate expired")
                .until(() -> Instant.now().isAfter(firstExpiry) && ready("n1"));
        assertThat(n1.output()).contains("renewed the certificate of node n1");
    }
}
