package dev.continuum.scheduler;

import dev.continuum.model.Component;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.ResourceList;
import java.util.Arrays;
import java.util.List;

/**
 * An Instance bound to a node and not yet finished, reduced to what scheduling needs: who it is,
 * where it runs, what it holds there and how much it matters. The cluster state keeps these rather
 * than whole Instances, so that a large fleet's allocations stay small.
 */
public final class BoundInstance {

    private final String namespace;
    private final String name;
    private final String application;
    private final String component;
    private final String node;
    private final long cpuMilli;
    private final long memoryBytes;
    private final int priority;
    private final AcceleratorDemand[] accelerators;

    /** Slot of {@link #node} while that node is in the view; -1 otherwise. */
    int nodeSlot = -1;
    /** Per accelerator demand, the node's entry it was handed; -1 when none was free. */
    int[] acceleratorEntries;

    BoundInstance(Instance instance) {
        this.namespace = instance.metadata().namespace();
        this.name = instance.metadata().name();
        this.application = instance.spec().application();
        this.component = instance.spec().component();
        this.node = instance.spec().node();
        Component template = instance.spec().template();
        ResourceList requests = template == null ? ResourceList.NONE : template.resourcesOrNone();
        this.cpuMilli = requests.cpuMilli();
        this.memoryBytes = requests.memoryBytes();
        this.priority = template == null || template.priority() == null ? 0 : template.priority();
        this.accelerators = template == null
                ? AcceleratorDemand.of(List.of())
                : AcceleratorDemand.of(template.placementOrEmpty().accelerators());
        this.acceleratorEntries = new int[accelerators.length];
        Arrays.fill(acceleratorEntries, -1);
    }

    /** Whether an Instance holds resources on a node: bound, and not Succeeded, Failed or Stopped. */
    public static boolean holdsResources(Instance instance) {
        if (!instance.isBound()) {
            return false;
        }
        InstancePhase phase = instance.status().phase();
        return phase != InstancePhase.SUCCEEDED && phase != InstancePhase.FAILED && phase != InstancePhase.STOPPED;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String application() {
        return application;
    }

    public String component() {
        return component;
    }

    /** The node it is bound to. */
    public String node() {
        return node;
    }

    public int nodeSlot() {
        return nodeSlot;
    }

    public long cpuMilli() {
        return cpuMilli;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public int priority() {
        return priority;
    }

    AcceleratorDemand[] accelerators() {
        return accelerators;
    }

    int acceleratorCount(int demand) {
        return accelerators[demand].count();
    }

    /** {@code namespace/name}. */
    public String key() {
        return key(namespace, name);
    }

    static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    /** Identifies the component it is a copy of: {@code namespace/application/component}. */
    public String componentKey() {
        return componentKey(namespace, application, component);
    }

    public static String componentKey(String namespace, String application, String component) {
        return namespace + "/" + application + "/" + component;
    }

    @Override
    public String toString() {
        return key() + " on " + node + " (priority " + priority + ")";
    }
}
