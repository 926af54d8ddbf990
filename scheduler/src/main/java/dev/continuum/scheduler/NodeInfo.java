package dev.continuum.scheduler;

import dev.continuum.model.Accelerator;
import dev.continuum.model.Link;
import dev.continuum.model.Location;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.Platform;
import dev.continuum.model.Power;
import dev.continuum.model.PowerSource;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler knows about one node, computed once when the node changes rather than on every
 * decision: its facts in the shapes the plugins test (ids, primitive numbers, split taints) and how
 * much of it the bound instances already use.
 *
 * <p>Plugins read it; only the {@link ClusterState} that owns it changes its usage, between
 * decisions. {@link #without(Collection)} makes a detached what-if copy for preemption.
 */
public final class NodeInfo {

    /** The runtime every agent embeds, assumed for a node that reports none. */
    public static final String WASM = "wasm";

    private static final Taint[] NO_TAINTS = new Taint[0];

    private final Node node;
    private final String name;
    private final int slot;
    private final Tier tier;
    private final String arch;
    private final String os;
    private final List<String> runtimes;
    private final boolean ready;
    private final boolean unschedulable;
    private final boolean realtime;
    private final Map<String, String> labels;
    private final Taint[] hardTaints;
    private final Taint[] softTaints;
    private final long allocatableCpuMilli;
    private final long allocatableMemoryBytes;
    private final Accelerator[] accelerators;
    private final long[] acceleratorMemoryBytes;
    private final PowerSource powerSource;
    private final double batteryPercent;
    private final double watts;
    private final String region;
    private final String zone;
    private final String site;
    private final int regionId;
    private final int zoneId;
    private final int siteId;
    private final double lat;
    private final double lon;
    private final String parent;
    private final Map<String, Link> links;

    long usedCpuMilli;
    long usedMemoryBytes;
    final int[] acceleratorsUsed;

    NodeInfo(Node node, int slot, DomainIds ids, Map<String, Link> effectiveLinks) {
        NodeSpec spec = node.spec();
        NodeStatus status = node.status();
        this.node = node;
        this.name = node.metadata().name();
        this.slot = slot;
        this.tier = spec.tier();
        Platform platform = status.platform();
        this.arch = platform == null ? null : platform.arch();
        this.os = platform == null ? null : platform.os();
        this.runtimes = status.runtimes().isEmpty() ? List.of(WASM) : status.runtimes();
        this.ready = node.isReady();
        this.unschedulable = Boolean.TRUE.equals(spec.unschedulable());
        this.realtime = Boolean.TRUE.equals(status.realtime());
        this.labels = node.metadata().labels();
        List<Taint> hard = new ArrayList<>();
        List<Taint> soft = new ArrayList<>();
        for (Taint t : spec.taints()) {
            if (t == null) {
                continue;
            }
            (t.effect() == TaintEffect.PREFER_NO_SCHEDULE ? soft : hard).add(t);
        }
        this.hardTaints = hard.isEmpty() ? NO_TAINTS : hard.toArray(Taint[]::new);
        this.softTaints = soft.isEmpty() ? NO_TAINTS : soft.toArray(Taint[]::new);
        ResourceList offered = status.allocatable() != null ? status.allocatable() : status.capacity();
        this.allocatableCpuMilli = offered == null ? 0 : offered.cpuMilli();
        this.allocatableMemoryBytes = offered == null ? 0 : offered.memoryBytes();
        this.accelerators =
                status.accelerators().stream().filter(a -> a != null).toArray(Accelerator[]::new);
        this.acceleratorMemoryBytes = new long[accelerators.length];
        for (int i = 0; i < accelerators.length; i++) {
            Quantity memory = accelerators[i].memory();
            acceleratorMemoryBytes[i] = memory == null ? -1 : memory.longValue();
        }
        this.acceleratorsUsed = new int[accelerators.length];
        Power power = status.power();
        this.powerSource = power == null ? null : power.source();
        this.batteryPercent = power == null || power.batteryPercent() == null ? Double.NaN : power.batteryPercent();
        this.watts = power == null || power.watts() == null ? Double.NaN : power.watts();
        Location location = spec.location();
        this.region = location == null ? null : location.region();
        this.zone = location == null ? null : location.zone();
        this.site = location == null ? null : location.site();
        this.regionId = ids.id(region);
        this.zoneId = ids.id(zone);
        this.siteId = ids.id(site);
        this.lat = location == null || location.lat() == null ? Double.NaN : location.lat();
        this.lon = location == null || location.lon() == null ? Double.NaN : location.lon();
        this.parent = spec.parent() == null || spec.parent().isEmpty() ? null : spec.parent();
        this.links = effectiveLinks;
    }

    private NodeInfo(NodeInfo from) {
        this.node = from.node;
        this.name = from.name;
        this.slot = from.slot;
        this.tier = from.tier;
        this.arch = from.arch;
        this.os = from.os;
        this.runtimes = from.runtimes;
        this.ready = from.ready;
        this.unschedulable = from.unschedulable;
        this.realtime = from.realtime;
        this.labels = from.labels;
        this.hardTaints = from.hardTaints;
        this.softTaints = from.softTaints;
        this.allocatableCpuMilli = from.allocatableCpuMilli;
        this.allocatableMemoryBytes = from.allocatableMemoryBytes;
        this.accelerators = from.accelerators;
        this.acceleratorMemoryBytes = from.acceleratorMemoryBytes;
        this.powerSource = from.powerSource;
        this.batteryPercent = from.batteryPercent;
        this.watts = from.watts;
        this.region = from.region;
        this.zone = from.zone;
        this.site = from.site;
        this.regionId = from.regionId;
        this.zoneId = from.zoneId;
        this.siteId = from.siteId;
        this.lat = from.lat;
        this.lon = from.lon;
        this.parent = from.parent;
        this.links = from.links;
        this.usedCpuMilli = from.usedCpuMilli;
        this.usedMemoryBytes = from.usedMemoryBytes;
        this.acceleratorsUsed = from.acceleratorsUsed.clone();
    }

    /**
     * A detached copy of this node as if {@code instances} (bound here) were gone: what preemption
     * asks the filters about. The copy never changes with the cluster.
     */
    public NodeInfo without(Collection<BoundInstance> instances) {
        NodeInfo copy = new NodeInfo(this);
        for (BoundInstance i : instances) {
            if (i.nodeSlot() == slot) {
                copy.release(i);
            }
        }
        return copy;
    }

    void release(BoundInstance instance) {
        usedCpuMilli -= instance.cpuMilli();
        usedMemoryBytes -= instance.memoryBytes();
        int[] assigned = instance.acceleratorEntries;
        for (int r = 0; r < assigned.length; r++) {
            if (assigned[r] >= 0 && assigned[r] < acceleratorsUsed.length) {
                acceleratorsUsed[assigned[r]] -= instance.acceleratorCount(r);
            }
        }
    }

    /** The resource as the cluster state last saw it. */
    public Node node() {
        return node;
    }

    public String name() {
        return name;
    }

    /** The node's dense index in its view, the key of every {@link NodeSet}. */
    public int slot() {
        return slot;
    }

    /** Null when the node declares no tier. */
    public Tier tier() {
        return tier;
    }

    public String arch() {
        return arch;
    }

    public String os() {
        return os;
    }

    /** The runtimes it offers; {@code wasm} alone when it reports none. */
    public List<String> runtimes() {
        return runtimes;
    }

    public boolean ready() {
        return ready;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    /** Whether it offers dedicated cores. */
    public boolean realtime() {
        return realtime;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** How many {@code NoSchedule} and {@code NoExecute} taints it has: each must be tolerated. */
    public int hardTaintCount() {
        return hardTaints.length;
    }

    public Taint hardTaint(int index) {
        return hardTaints[index];
    }

    /** {@code PreferNoSchedule} taints: tolerated or not, they only lower the score. */
    public int softTaintCount() {
        return softTaints.length;
    }

    public Taint softTaint(int index) {
        return softTaints[index];
    }

    public long allocatableCpuMilli() {
        return allocatableCpuMilli;
    }

    public long allocatableMemoryBytes() {
        return allocatableMemoryBytes;
    }

    /** What bound, non-terminal instances request of its cpu. */
    public long usedCpuMilli() {
        return usedCpuMilli;
    }

    public long usedMemoryBytes() {
        return usedMemoryBytes;
    }

    public long freeCpuMilli() {
        return allocatableCpuMilli - usedCpuMilli;
    }

    public long freeMemoryBytes() {
        return allocatableMemoryBytes - usedMemoryBytes;
    }

    public int acceleratorCount() {
        return accelerators.length;
    }

    public Accelerator accelerator(int index) {
        return accelerators[index];
    }

    /** Memory per device of accelerator {@code index} in bytes; -1 when not reported. */
    public long acceleratorMemoryBytes(int index) {
        return acceleratorMemoryBytes[index];
    }

    /** Devices of accelerator entry {@code index} not yet handed to bound instances. */
    public int acceleratorsFree(int index) {
        Integer count = accelerators[index].count();
        return (count == null ? 1 : count) - acceleratorsUsed[index];
    }

    /** Null when the node reports no power; such nodes are taken to be on mains. */
    public PowerSource powerSource() {
        return powerSource;
    }

    /** NaN when not reported. */
    public double batteryPercent() {
        return batteryPercent;
    }

    /** Current draw; NaN when not reported. */
    public double watts() {
        return watts;
    }

    public String region() {
        return region;
    }

    public String zone() {
        return zone;
    }

    public String site() {
        return site;
    }

    /** The id of the node's domain in {@code topology}, equal for nodes in the same domain; -1 when it has none. */
    public int domain(Topology topology) {
        return switch (topology) {
            case ZONE -> zoneId;
            case SITE -> siteId;
            case REGION -> regionId;
            case TIER -> tier == null ? -1 : tier.ordinal();
            case NODE -> slot;
        };
    }

    /** The readable name of the node's domain in {@code topology}; null when it has none. */
    public String domainName(Topology topology) {
        return switch (topology) {
            case ZONE -> zone;
            case SITE -> site;
            case REGION -> region;
            case TIER -> tier == null ? null : tier.wireName();
            case NODE -> name;
        };
    }

    public boolean hasCoordinates() {
        return !Double.isNaN(lat) && !Double.isNaN(lon);
    }

    /** Latitude in degrees; NaN when unknown. */
    public double lat() {
        return lat;
    }

    /** Longitude in degrees; NaN when unknown. */
    public double lon() {
        return lon;
    }

    /** The node's uplink ({@code spec.parent}); null at the top of the hierarchy. */
    public String parent() {
        return parent;
    }

    /**
     * The measured links the network model uses, by the name of the other end. They follow
     * {@code status.links} but ignore jitter: see {@link ClusterState#upsertNode(Node)}.
     */
    public Map<String, Link> links() {
        return links;
    }

    @Override
    public String toString() {
        return name + "@" + slot;
    }
}
