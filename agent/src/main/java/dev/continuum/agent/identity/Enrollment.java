package dev.continuum.agent.identity;

import dev.continuum.agent.AgentStartException;
import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Node;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets this agent its node token: the stored one when it belongs to this node name and the control
 * plane still accepts it (or cannot be asked: an agent starts offline with what it has), otherwise a
 * new one by joining with the bootstrap token, which is then stored.
 *
 * <pre>
 *   stored token for this node? --no--> join (bootstrap token required)
 *        | yes
 *   control plane says 401? --yes--> join again if a bootstrap token is given, else fail
 *        | no (accepted, or unreachable)
 *   use it
 * </pre>
 */
public final class Enrollment {
    private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);

    private Enrollment() {}

    /**
     * The node token to use.
     *
     * @throws AgentStartException when there is no usable token and joining is impossible or refused
     */
    public static String obtain(URI server, String nodeName, String bootstrapToken, Path dataDir) {
        Optional<NodeCredential> stored;
        try {
            stored = NodeCredential.read(dataDir);
        } catch (IOException e) {
            throw new AgentStartException("cannot read the node credential in " + dataDir + ": " + e.getMessage(), e);
        }
        if (stored.isPresent() && stored.get().nodeName().equals(nodeName)) {
            if (accepted(server, stored.get().token(), nodeName)) {
                return stored.get().token();
            }
            if (bootstrapToken == null) {
                throw new AgentStartException(
                        "the control plane at " + server + " no longer accepts the token stored in "
                                + dataDir.resolve(NodeCredential.FILE) + " for node " + nodeName
                                + "; start the agent with --bootstrap-token to join again");
            }
            LOG.info("the stored token of node {} is no longer accepted; joining again", nodeName);
        } else if (stored.isPresent()) {
            LOG.info(
                    "the stored token in {} belongs to node {}, not {}; joining as {}",
                    dataDir,
                    stored.get().nodeName(),
                    nodeName,
                    nodeName);
        }
        if (bootstrapToken == null) {
            throw new AgentStartException("node " + nodeName + " has not joined yet (no token in " + dataDir
                    + "); start the agent with --bootstrap-token (the control plane prints it at start)");
        }
        return join(server, nodeName, bootstrapToken, dataDir);
    }

    /** False only when the control plane answers 401 to the token; an unreachable one gets the benefit of the doubt. */
    private static boolean accepted(URI server, String token, String nodeName) {
        try (var client = ContinuumClient.connect(server, token)) {
            client.get(Node.class, null, nodeName);
            return true;
        } catch (ApiException e) {
            if (e.isUnauthorized()) {
                return false;
            }
            LOG.info("cannot check the stored token with {} ({}); using it", server, e.getMessage());
            return true;
        }
    }

    private static String join(URI server, String nodeName, String bootstrapToken, Path dataDir) {
        String token;
        try (var client = ContinuumClient.connect(server, null)) {
            token = client.join(bootstrapToken, nodeName).token();
        } catch (ApiException e) {
            if (e.isUnauthorized()) {
                throw new AgentStartException(
                        "the control plane at " + server + " refused the bootstrap token: " + e.getMessage()
                                + " (check --bootstrap-token)",
                        e);
            }
            if (e.isUnreachable()) {
                throw new AgentStartException(
                        "cannot join: " + e.getMessage() + " (check --server, and that the control plane runs)", e);
            }
            throw new AgentStartException(
                    "the control plane at " + server + " refused to let node " + nodeName + " join: " + e.getMessage(),
                    e);
        }
        try {
            new NodeCredential(nodeName, server.toString(), token).write(dataDir);
        } catch (IOException e) {
            throw new AgentStartException(
                    "joined as " + nodeName + " but cannot store the node token in " + dataDir + ": " + e.getMessage(),
                    e);
        }
        LOG.info("joined {} as node {}", server, nodeName);
        return token;
    }
}
