package dev.continuum.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.identity.NodeCredential;
import dev.continuum.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJoinTest {

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

    @Test
    void joinsWithTheBootstrapTokenAndStoresTheNodeTokenForItsOwnerOnly() throws Exception {
        agents.start("n1");

        Path file = dir.resolve("n1").resolve(NodeCredential.FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        NodeCredential stored = NodeCredential.read(dir.resolve("n1")).orElseThrow();
        assertThat(stored.nodeName()).isEqualTo("n1");
        assertThat(stored.token()).isNotBlank().isNotEqualTo(TestControlPlane.BOOTSTRAP_TOKEN);
    }

    @Test
    void aRestartedAgentReusesItsStoredTokenWithoutTheBootstrapToken() throws Exception {
        Agent first = agents.start("n1");
        String token = NodeCredential.read(dir.resolve("n1")).orElseThrow().token();
        first.close();

        Agent second = agents.start(agents.options("n1").bootstrapToken(null));

        assertThat(NodeCredential.read(dir.resolve("n1")).orElseThrow().token()).isEqualTo(token);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> controlPlane
                        .client()
                        .get(Node.class, null, "n1")
                        .map(n -> n.status().address("Gateway").orElse(""))
                        .orElse("")
                        .equals(second.gatewayAddress()));
    }

    @Test
    void aWrongBootstrapTokenIsAClearError() {
        assertThatThrownBy(() -> agents.start(agents.options("n1").bootstrapToken("wrong")))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("refused the bootstrap token")
                .hasMessageContaining(controlPlane.uri().toString())
                .hasMessageContaining("--bootstrap-token");
        assertThat(dir.resolve("n1").resolve(NodeCredential.FILE)).doesNotExist();
    }

    @Test
    void noStoredTokenAndNoBootstrapTokenSaysWhatToPass() {
        assertThatThrownBy(() -> agents.start(agents.options("n1").bootstrapToken(null)))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("has not joined yet")
                .hasMessageContaining("--bootstrap-token");
    }

    @Test
    void anUnreachableControlPlaneOnFirstJoinIsAClearError() {
        controlPlane.stop();

        assertThatThrownBy(() -> agents.start("n1"))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("cannot join")
                .hasMessageContaining("--server");
        controlPlane.start();
    }

    @Test
    void aTokenTheControlPlaneNoLongerAcceptsIsReplacedByJoiningAgain() throws Exception {
        agents.start("n1").close();
        String old = NodeCredential.read(dir.resolve("n1")).orElseThrow().token();
        // Another agent joining under the same name replaces the node's token.
        agents.start(agents.options("n1").dataDir(dir.resolve("elsewhere"))).close();

        agents.start("n1");

        assertThat(NodeCredential.read(dir.resolve("n1")).orElseThrow().token()).isNotEqualTo(old);
    }

    @Test
    void aTokenTheControlPlaneNoLongerAcceptsWithoutABootstrapTokenIsAClearError() {
        agents.start("n1").close();
        agents.start(agents.options("n1").dataDir(dir.resolve("elsewhere"))).close();

        assertThatThrownBy(() -> agents.start(agents.options("n1").bootstrapToken(null)))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("no longer accepts the token stored in " + dir.resolve("n1"))
                .hasMessageContaining("--bootstrap-token");
    }

    @Test
    void aTakenGatewayPortIsAClearError() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> agents.start(agents.options("n1").gatewayPort(port)))
                    .isInstanceOf(AgentStartException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("--gateway-port");
        }
    }
}
