package dev.continuum.scheduler.framework;

import dev.continuum.model.Component;
import dev.continuum.model.Placement;
import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.ClusterView;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.PlacementRequest;
import java.util.Arrays;

/**
 * Everything one decision knows: the request, the view, the request's amounts read once, the
 * instance itself when the view already holds it bound (so that re-evaluating a running copy does
 * not count it against itself), and each plugin's data under its {@link StateKey}.
 *
 * <p>One per decision, used by one thread, dropped afterwards.
 */
public final class CycleState {

    private final PlacementRequest request;
    private final ClusterView view;
    private final Component component;
    private final Placement placement;
    private final long cpuMilli;
    private final long memoryBytes;
    private final int priority;
    private final BoundInstance self;
    private Object[] data;

    private CycleState(PlacementRequest request, ClusterView view) {
        this.request = request;
        this.view = view;
        this.component = request.component();
        this.placement = component.placementOrEmpty();
        this.cpuMilli = component.resourcesOrNone().cpuMilli();
        this.memoryBytes = component.resourcesOrNone().memoryBytes();
        this.priority = request.priority();
        this.self = view.instance(request.namespace(), request.name()).orElse(null);
        this.data = new Object[Math.max(8, StateKey.count())];
    }

    public static CycleState of(PlacementRequest request, ClusterView view) {
        return new CycleState(request, view);
    }

    public PlacementRequest request() {
        return request;
    }

    public ClusterView view() {
        return view;
    }

    /** The component template of the instance being placed. */
    public Component component() {
        return component;
    }

    /** The component's placement, {@link Placement#NONE} when it has none. */
    public Placement placement() {
        return placement;
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

    /** The instance being placed if the view counts it as bound on {@code node}; null otherwise. */
    public BoundInstance selfOn(NodeInfo node) {
        return self != null && self.nodeSlot() == node.slot() ? self : null;
    }

    public <T> T read(StateKey<T> key) {
        return key.id < data.length ? key.type.cast(data[key.id]) : null;
    }

    public <T> void write(StateKey<T> key, T value) {
        if (key.id >= data.length) {
            data = Arrays.copyOf(data, Math.max(key.id + 1, data.length * 2));
        }
        data[key.id] = value;
    }
}
