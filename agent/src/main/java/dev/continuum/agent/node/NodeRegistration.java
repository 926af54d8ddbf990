package dev.continuum.agent.node;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Condition;
import dev.continuum.model.Location;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Tier;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates this agent's Node, or brings an existing one up to date, and reports its status.
 *
 * <p>Users own the spec: of it the agent sets only what it was told ({@code tier}, {@code parent},
 * {@code location}: declared facts win) and keeps everything else (taints, autonomy, ...); its labels
 * are merged into the Node's. The status is the agent's: discovered facts, the gateway address and
 * {@code Ready=True} with a fresh heartbeat; fields it does not measure (accelerators, power, links)
 * are kept. Every write is a compare-and-swap, re-read and retried on conflict.
 *
 * <p>Not thread-safe: one caller (the heartbeat) at a time. Failures to reach the control plane
 * propagate as {@link ApiException}s for the caller to retry.
 */
public final class NodeRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);

    private static final int ATTEMPTS = 5;

    /** What the agent declares about its Node besides its discovered facts. */
    public record Declared(Tier tier, String parent, Location location, Map<String, String> labels) {
        public Declared {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    private final ContinuumClient client;
    private final String nodeName;
    private final Declared declared;
    private final NodeFacts facts;
    private final String gatewayAddress;
    private final Clock clock;

    public NodeRegistration(
            ContinuumClient client,
            String nodeName,
            Declared declared,
            NodeFacts facts,
            String gatewayAddress,
            Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.declared = declared;
        this.facts = facts;
        this.gatewayAddress = gatewayAddress;
        this.clock = clock;
    }

    /**
     * Creates or updates the Node, then reports its status with {@code Ready=True}.
     *
     * @return the Node as stored
     * @throws ApiException when the control plane cannot be reached or refuses
     */
    public Node register() {
        Node node = client.get(Node.class, null, nodeName).orElse(null);
        if (node == null) {
            try {
                node = client.create(Node.of(
                        new ObjectMeta(nodeName, null, null, declared.labels(), null, 0, 0, null),
                        spec(NodeSpec.EMPTY),
                        status(NodeStatus.EMPTY)));
            } catch (ApiException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                node = client.get(Node.class, null, nodeName).orElseThrow(() -> e);
            }
        }
        node = updateSpec(node);
        return reportReady(node);
    }

    /**
     * Reports the status again ({@code Ready=True}, a new heartbeat): after a gap in which the
     * control plane may have marked the Node NotReady.
     *
     * @return the Node as stored, or empty when it no longer exists (register it again)
     */
    public Optional<Node> reassertReady() {
        return client.get(Node.class, null, nodeName).map(this::reportReady);
    }

    private Node updateSpec(Node node) {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> labels = new LinkedHashMap<>(node.metadata().labels());
            labels.putAll(declared.labels());
            NodeSpec spec = spec(node.spec());
            if (labels.equals(node.metadata().labels()) && spec.equals(node.spec())) {
                return node;
            }
            try {
                return client.update(
                        node.withMetadata(node.metadata().withLabels(labels)).withSpec(spec));
            } catch (ApiException e) {
                if (e.isForbidden()) {
                    // Once a Node exists its labels and spec are the administrators'; the stored ones stand.
                    LOG.warn(
                            "node {} keeps its stored labels and spec: {} (declared here: tier {}, labels {})",
                            nodeName,
                            e.getMessage(),
                            declared.tier(),
                            declared.labels());
                    return node;
                }
                if (!e.isConflict() || attempt >= ATTEMPTS) {
                    throw e;
                }
                node = client.get(Node.class, null, nodeName).orElseThrow(() -> e);
            }
        }
    }

    private Node reportReady(Node node) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.updateStatus(node.withStatus(status(node.status())));
            } catch (ApiException e) {
                if (!e.isConflict() || attempt >= ATTEMPTS) {
                    throw e;
                }
                node = client.get(Node.class, null, nodeName).orElseThrow(() -> e);
            }
        }
    }

    private NodeSpec spec(NodeSpec current) {
        NodeSpec spec = current;
        if (declared.tier() != null) {
            spec = spec.withTier(declared.tier());
        }
        if (declared.parent() != null) {
            spec = spec.withParent(declared.parent());
        }
        if (declared.location() != null) {
            spec = spec.withLocation(declared.location());
        }
        return spec;
    }

    private NodeStatus status(NodeStatus current) {
        Instant now = clock.instant();
        Condition previous = current.condition(Node.READY).orElse(null);
        Instant since = previous != null && "True".equals(previous.status()) && previous.lastTransitionTime() != null
                ? previous.lastTransitionTime()
                : now;
        var ready = new Condition(
                Node.READY,
                "True",
                "AgentReady",
                "agent " + facts.platform().agentVersion() + " is running; its gateway is " + gatewayAddress,
                since,
                now);
        return new NodeStatus(
                        facts.capacity(),
                        facts.allocatable(),
                        facts.platform(),
                        facts.runtimes(),
                        current.accelerators(),
                        current.power(),
                        current.links(),
                        current.conditions(),
                        List.of(new NodeAddress(NodeAddress.GATEWAY, gatewayAddress)),
                        current.realtime())
                .withCondition(ready);
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    public String toString() {
        return "NodeRegistration[" + nodeName + " at " + Objects.toString(gatewayAddress) + "]";
    }
}
