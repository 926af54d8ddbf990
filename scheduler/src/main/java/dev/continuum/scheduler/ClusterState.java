package dev.continuum.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.model.Link;
import dev.continuum.model.Node;
import dev.continuum.model.Taint;
import dev.continuum.model.Tier;
import dev.continuum.scheduler.network.NetworkModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduler's cache of the cluster, kept current from watches: nodes turned into
 * {@link NodeInfo}s with their indexes, and the allocations of bound instances.
 *
 * <p>Not thread-safe: one scheduling thread owns it, applies watch events with the
 * {@code upsert}/{@code remove} methods between decisions, and after binding an instance calls
 * {@link #upsertInstance(Instance)} with the bound copy so that the next decision sees the
 * allocation. Every method is idempotent; applying the same object twice changes nothing.
 */
public final class ClusterState implements ClusterView {

    /** RTT changes up to this share of the last value (or {@link #RTT_JITTER_MS}) are jitter. */
    static final double JITTER_SHARE = 0.10;

    static final double RTT_JITTER_MS = 1.0;

    private final Map<String, NodeInfo> byName = new HashMap<>();
    private NodeInfo[] slots = new NodeInfo[64];
    private int slotLimit;
    private int[] freeSlots = new int[16];
    private int freeCount;
    private final NodeIndexes indexes = new NodeIndexes();
    private final DomainIds domainIds = new DomainIds();
    private final Map<String, List<NodeInfo>> sites = new HashMap<>();
    private final Map<String, Set<String>> linksTo = new HashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();
    private final InstanceLedger ledger = new InstanceLedger();
    private final Map<String, String> devices = new HashMap<>();
    private long networkVersion;
    private NetworkModel network;

    /** A state built from lists, for tools and tests that have a snapshot rather than watches. */
    public static ClusterState of(Collection<Node> nodes, Collection<Instance> instances) {
        ClusterState state = new ClusterState();
        nodes.forEach(state::upsertNode);
        instances.forEach(state::upsertInstance);
        return state;
    }

    /**
     * Adds or replaces a node. Its links are taken as they are unless every RTT moved by less than
     * 10% (or 1 ms) and every bandwidth by less than 10% since the last accepted report: agents
     * re-measure constantly, and jitter must not throw away the network model's memoized paths.
     */
    public void upsertNode(Node node) {
        String name = Objects.requireNonNull(node.metadata().name(), "node name");
        NodeInfo old = byName.get(name);
        Map<String, Link> links = effectiveLinks(old, node.status().links());
        int slot = old != null ? old.slot() : takeSlot();
        NodeInfo info = new NodeInfo(node, slot, domainIds, links);
        if (old != null) {
            forget(old);
        }
        slots[slot] = info;
        byName.put(name, info);
        indexes.add(info);
        if (info.site() != null) {
            sites.computeIfAbsent(info.site(), k -> new ArrayList<>()).add(info);
        }
        for (String to : links.keySet()) {
            if (!to.equals(info.parent())) {
                linksTo.computeIfAbsent(to, k -> new LinkedHashSet<>()).add(name);
            }
        }
        if (info.parent() != null) {
            children.computeIfAbsent(info.parent(), k -> new LinkedHashSet<>()).add(name);
        }
        for (BoundInstance i : ledger.onNode(name)) {
            charge(info, i);
        }
        if (old == null || networkChanged(old, info)) {
            networkVersion++;
        }
    }

    /** Removes a node; instances bound to it stay known and count again if it comes back. */
    public void removeNode(String name) {
        NodeInfo old = byName.remove(name);
        if (old == null) {
            return;
        }
        forget(old);
        slots[old.slot()] = null;
        for (BoundInstance i : ledger.onNode(name)) {
            i.nodeSlot = -1;
        }
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = old.slot();
        networkVersion++;
    }

    /**
     * Adds, replaces or drops an instance's allocation. A bound instance in any phase but
     * Succeeded, Failed or Stopped holds its requests on its node; anything else holds nothing.
     */
    public void upsertInstance(Instance instance) {
        String key = BoundInstance.key(
                instance.metadata().namespace(), instance.metadata().name());
        BoundInstance old = ledger.remove(key);
        if (old != null && old.nodeSlot >= 0) {
            slots[old.nodeSlot].release(old);
        }
        if (BoundInstance.holdsResources(instance) && instance.spec() != null) {
            BoundInstance bound = new BoundInstance(instance);
            ledger.add(bound);
            NodeInfo node = byName.get(bound.node());
            if (node != null) {
                charge(node, bound);
            }
        }
    }

    public void removeInstance(String namespace, String name) {
        BoundInstance old = ledger.remove(BoundInstance.key(namespace, name));
        if (old != null && old.nodeSlot >= 0) {
            slots[old.nodeSlot].release(old);
        }
    }

    /** Records where a Device is attached now, for latency targets that name it. */
    public void attachDevice(String device, String node) {
        devices.put(device, node);
    }

    public void detachDevice(String device) {
        devices.remove(device);
    }

    private void charge(NodeInfo node, BoundInstance i) {
        i.nodeSlot = node.slot();
        node.usedCpuMilli += i.cpuMilli();
        node.usedMemoryBytes += i.memoryBytes();
        AcceleratorDemand[] demands = i.accelerators();
        for (int d = 0; d < demands.length; d++) {
            i.acceleratorEntries[d] = -1;
            for (int e = 0; e < node.acceleratorCount(); e++) {
                if (demands[d].matches(node, e) && node.acceleratorsFree(e) >= demands[d].count()) {
                    node.acceleratorsUsed[e] += demands[d].count();
                    i.acceleratorEntries[d] = e;
                    break;
                }
            }
        }
    }

    private void forget(NodeInfo old) {
        indexes.remove(old);
        if (old.site() != null) {
            List<NodeInfo> members = sites.get(old.site());
            members.remove(old);
            if (members.isEmpty()) {
                sites.remove(old.site());
            }
        }
        for (String to : old.links().keySet()) {
            if (!to.equals(old.parent())) {
                unlist(linksTo, to, old.name());
            }
        }
        if (old.parent() != null) {
            unlist(children, old.parent(), old.name());
        }
    }

    private static void unlist(Map<String, Set<String>> index, String key, String name) {
        Set<String> names = index.get(key);
        names.remove(name);
        if (names.isEmpty()) {
            index.remove(key);
        }
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotLimit == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        return slotLimit++;
    }

    private static Map<String, Link> effectiveLinks(NodeInfo old, List<Link> reported) {
        Map<String, Link> fresh = new LinkedHashMap<>();
        for (Link l : reported) {
            if (l != null && l.to() != null) {
                fresh.put(l.to(), l);
            }
        }
        if (old != null && sameWithinJitter(old.links(), fresh)) {
            return old.links();
        }
        return fresh.isEmpty() ? Map.of() : Collections.unmodifiableMap(fresh);
    }

    private static boolean sameWithinJitter(Map<String, Link> before, Map<String, Link> now) {
        if (!before.keySet().equals(now.keySet())) {
            return false;
        }
        for (Map.Entry<String, Link> e : now.entrySet()) {
            Link was = before.get(e.getKey());
            Link is = e.getValue();
            if (!close(was.rttMs(), is.rttMs(), RTT_JITTER_MS) || !close(was.bandwidthMbps(), is.bandwidthMbps(), 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(Double was, Double is, double absolute) {
        if (was == null || is == null) {
            return was == is;
        }
        return Math.abs(is - was) <= Math.max(absolute, Math.abs(was) * JITTER_SHARE);
    }

    private static boolean networkChanged(NodeInfo old, NodeInfo now) {
        return old.links() != now.links()
                || !Objects.equals(old.parent(), now.parent())
                || !Objects.equals(old.site(), now.site())
                || !sameCoordinates(old, now);
    }

    private static boolean sameCoordinates(NodeInfo a, NodeInfo b) {
        return Double.compare(a.lat(), b.lat()) == 0 && Double.compare(a.lon(), b.lon()) == 0;
    }

    @Override
    public int slotLimit() {
        return slotLimit;
    }

    @Override
    public int nodeCount() {
        return byName.size();
    }

    @Override
    public NodeInfo nodeAt(int slot) {
        return slot >= 0 && slot < slotLimit ? slots[slot] : null;
    }

    @Override
    public Optional<NodeInfo> node(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public NodeSet allNodes() {
        return indexes.all;
    }

    @Override
    public NodeSet readyNodes() {
        return indexes.ready;
    }

    @Override
    public NodeSet schedulableNodes() {
        return indexes.schedulable;
    }

    @Override
    public NodeSet realtimeNodes() {
        return indexes.realtime;
    }

    @Override
    public NodeSet acceleratedNodes() {
        return indexes.accelerated;
    }

    @Override
    public NodeSet nodesWithAccelerator(String type) {
        return indexes.acceleratorType(type);
    }

    @Override
    public NodeSet nodesInTier(Tier tier) {
        return indexes.tier(tier);
    }

    @Override
    public NodeSet nodesWithArch(String arch) {
        return indexes.arch(arch);
    }

    @Override
    public NodeSet nodesWithOs(String os) {
        return indexes.os(os);
    }

    @Override
    public NodeSet nodesWithRuntime(String runtime) {
        return indexes.runtime(runtime);
    }

    @Override
    public Map<Taint, NodeSet> nodesByFirstHardTaint() {
        return indexes.byFirstHardTaint();
    }

    @Override
    public Optional<NodeSet> nodesWithLabel(String key, String value) {
        return Optional.ofNullable(indexes.label(key, value, slots, slotLimit));
    }

    @Override
    public List<NodeInfo> nodesAtSite(String site) {
        List<NodeInfo> members = sites.get(site);
        return members == null ? List.of() : Collections.unmodifiableList(members);
    }

    @Override
    public List<BoundInstance> instancesOn(int slot) {
        NodeInfo node = nodeAt(slot);
        return node == null ? List.of() : Collections.unmodifiableList(ledger.onNode(node.name()));
    }

    @Override
    public List<BoundInstance> copiesOf(String namespace, String application, String component) {
        return Collections.unmodifiableList(
                ledger.ofComponent(BoundInstance.componentKey(namespace, application, component)));
    }

    @Override
    public Optional<BoundInstance> instance(String namespace, String name) {
        return Optional.ofNullable(ledger.get(BoundInstance.key(namespace, name)));
    }

    @Override
    public Optional<String> deviceAttachment(String device) {
        return Optional.ofNullable(devices.get(device));
    }

    @Override
    public Collection<String> linksTo(String node) {
        Set<String> from = linksTo.get(node);
        return from == null ? Set.of() : Collections.unmodifiableSet(from);
    }

    @Override
    public Collection<String> childrenOf(String node) {
        Set<String> names = children.get(node);
        return names == null ? Set.of() : Collections.unmodifiableSet(names);
    }

    @Override
    public int lowestPriority() {
        return ledger.lowestPriority();
    }

    @Override
    public long networkVersion() {
        return networkVersion;
    }

    @Override
    public NetworkModel network() {
        if (network == null) {
            network = new NetworkModel(this);
        }
        return network;
    }

    /** How many bound, unfinished instances the state holds. */
    public int instanceCount() {
        return ledger.size();
    }

    @Override
    public String toString() {
        return "ClusterState[" + byName.size() + " nodes, " + ledger.size() + " instances]";
    }
}
