package dev.continuum.scheduler;

import dev.continuum.model.Taint;
import dev.continuum.model.Tier;
import dev.continuum.scheduler.network.NetworkModel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only picture of the cluster that the scheduler decides over: nodes with their
 * precomputed facts and usage, indexes over them, the bound instances, device attachments and
 * the network model.
 *
 * <p>Contract: a decision reads the view and never changes what it reports; the view must not
 * change while a decision runs. Nodes live in dense slots ({@code 0 <= slot < slotLimit()}, some
 * possibly empty) that are the keys of every {@link NodeSet}. Lookups of things that do not exist
 * return empty values, never null (except {@link #nodeAt(int)} for an empty slot). Implementations
 * may fill internal caches while being read (the network model memoizes paths), so a view is not
 * safe for concurrent use unless it says so.
 */
public interface ClusterView {

    /** One past the highest slot in use. */
    int slotLimit();

    int nodeCount();

    /** The node in {@code slot}, or null when the slot is empty. */
    NodeInfo nodeAt(int slot);

    Optional<NodeInfo> node(String name);

    NodeSet allNodes();

    /** Nodes whose {@code Ready} condition is {@code True}. */
    NodeSet readyNodes();

    /** Nodes not cordoned ({@code spec.unschedulable} is not true). */
    NodeSet schedulableNodes();

    /** Nodes that offer dedicated cores. */
    NodeSet realtimeNodes();

    /** Nodes that report at least one accelerator. */
    NodeSet acceleratedNodes();

    /** Nodes that report an accelerator of {@code type}, compared as {@link String#equalsIgnoreCase}. */
    NodeSet nodesWithAccelerator(String type);

    NodeSet nodesInTier(Tier tier);

    NodeSet nodesWithArch(String arch);

    NodeSet nodesWithOs(String os);

    /** Nodes that offer the runtime; a node reporting none offers {@code wasm}. */
    NodeSet nodesWithRuntime(String runtime);

    /**
     * Nodes with {@code NoSchedule} or {@code NoExecute} taints, grouped by the first such taint;
     * every other node has none.
     */
    Map<Taint, NodeSet> nodesByFirstHardTaint();

    /**
     * Nodes labelled {@code key=value}, when the view indexes that label; empty when it does not,
     * and the caller must look at the labels of each node.
     */
    Optional<NodeSet> nodesWithLabel(String key, String value);

    /** Every node whose {@code spec.location.site} is {@code site}, in slot order. */
    List<NodeInfo> nodesAtSite(String site);

    /** The bound, unfinished instances on the node in {@code slot}. */
    List<BoundInstance> instancesOn(int slot);

    /** The bound, unfinished copies of one component, wherever they run. */
    List<BoundInstance> copiesOf(String namespace, String application, String component);

    /** The instance if it is bound and unfinished. */
    Optional<BoundInstance> instance(String namespace, String name);

    /** The node a Device is attached to now, if known. */
    Optional<String> deviceAttachment(String device);

    /**
     * Names of the nodes that reported a measured link to {@code node}, other than as their uplink
     * (a node's link to its own parent is a hop of the hierarchy, found by walking up).
     */
    Collection<String> linksTo(String node);

    /** Names of the nodes whose {@code spec.parent} is {@code node}. */
    Collection<String> childrenOf(String node);

    /** The lowest priority of any bound, unfinished instance; {@link Integer#MAX_VALUE} when there are none. */
    int lowestPriority();

    /**
     * Grows whenever something the network model depends on changes: nodes added or removed, a
     * parent, a location, or a measured link beyond jitter.
     */
    long networkVersion();

    /** Latency and bandwidth between nodes and targets, derived from this view. */
    NetworkModel network();
}
