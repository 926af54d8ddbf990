package dev.continuum.testing;

import dev.continuum.model.AcceleratorRequest;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Location;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Placement;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import dev.continuum.model.SpreadConstraint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import dev.continuum.model.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Instances with their component template for tests, fluently:
 * {@code MakeInstance.named("web-0").app("shop").component("web").cpu("500m").tiers(GATEWAY).obj()}.
 * Starts as a pending wasm service in namespace {@code default}, application {@code app},
 * component {@code comp}, requesting nothing, with no placement constraints.
 */
public final class MakeInstance {

    private final String name;
    private String namespace = "default";
    private String application = "app";
    private String component = "comp";
    private String module = "file:comp.wasm";
    private String image;
    private String cpu;
    private String memory;
    private Integer priority;
    private String profile;
    private String node;
    private InstancePhase phase = InstancePhase.PENDING;
    private final List<Tier> tiers = new ArrayList<>();
    private final List<Tier> preferredTiers = new ArrayList<>();
    private final List<String> arch = new ArrayList<>();
    private final List<String> os = new ArrayList<>();
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final List<AcceleratorRequest> accelerators = new ArrayList<>();
    private final List<AcceleratorRequest> preferredAccelerators = new ArrayList<>();
    private Double maxLatencyMs;
    private LatencyTarget latencyTarget;
    private Double minBandwidthMbps;
    private Double minBatteryPercent;
    private Boolean mainsOnly;
    private Boolean realtime;
    private final List<SpreadConstraint> spread = new ArrayList<>();
    private String near;

    private MakeInstance(String name) {
        this.name = name;
    }

    public static MakeInstance named(String name) {
        return new MakeInstance(name);
    }

    public MakeInstance namespace(String value) {
        this.namespace = value;
        return this;
    }

    public MakeInstance app(String value) {
        this.application = value;
        return this;
    }

    public MakeInstance component(String value) {
        this.component = value;
        return this;
    }

    /** Runs a container image instead of a wasm module. */
    public MakeInstance container(String imageRef) {
        this.image = imageRef;
        this.module = null;
        return this;
    }

    public MakeInstance cpu(String value) {
        this.cpu = value;
        return this;
    }

    public MakeInstance memory(String value) {
        this.memory = value;
        return this;
    }

    public MakeInstance priority(int value) {
        this.priority = value;
        return this;
    }

    public MakeInstance profile(String value) {
        this.profile = value;
        return this;
    }

    /** Bound to {@code value}, and Running. */
    public MakeInstance node(String value) {
        this.node = value;
        this.phase = InstancePhase.RUNNING;
        return this;
    }

    public MakeInstance phase(InstancePhase value) {
        this.phase = value;
        return this;
    }

    public MakeInstance tiers(Tier... values) {
        tiers.addAll(List.of(values));
        return this;
    }

    public MakeInstance preferredTiers(Tier... values) {
        preferredTiers.addAll(List.of(values));
        return this;
    }

    public MakeInstance arch(String... values) {
        arch.addAll(List.of(values));
        return this;
    }

    public MakeInstance os(String... values) {
        os.addAll(List.of(values));
        return this;
    }

    public MakeInstance nodeSelector(String key, String value) {
        nodeSelector.put(key, value);
        return this;
    }

    public MakeInstance toleration(String key, String operator, String value, TaintEffect effect) {
        tolerations.add(new Toleration(key, operator, value, effect));
        return this;
    }

    public MakeInstance accelerator(String type, String vendor, String model, Integer count, String memoryPerDevice) {
        accelerators.add(request(type, vendor, model, count, memoryPerDevice));
        return this;
    }

    public MakeInstance preferredAccelerator(String type, String vendor, String model) {
        preferredAccelerators.add(request(type, vendor, model, null, null));
        return this;
    }

    private static AcceleratorRequest request(String type, String vendor, String model, Integer count, String memory) {
        return new AcceleratorRequest(type, vendor, model, count, memory == null ? null : Quantity.parse(memory));
    }

    public MakeInstance maxLatencyToNode(String target, double ms) {
        return maxLatency(new LatencyTarget(target, null, null, null), ms);
    }

    public MakeInstance maxLatencyToSite(String target, double ms) {
        return maxLatency(new LatencyTarget(null, target, null, null), ms);
    }

    public MakeInstance maxLatencyToDevice(String target, double ms) {
        return maxLatency(new LatencyTarget(null, null, target, null), ms);
    }

    public MakeInstance maxLatencyToLocation(double lat, double lon, double ms) {
        return maxLatency(new LatencyTarget(null, null, null, new Location(null, null, null, lat, lon)), ms);
    }

    public MakeInstance maxLatency(LatencyTarget target, double ms) {
        this.latencyTarget = target;
        this.maxLatencyMs = ms;
        return this;
    }

    /** A latency target to prefer being close to, with no hard limit. */
    public MakeInstance latencyTarget(LatencyTarget target) {
        this.latencyTarget = target;
        return this;
    }

    public MakeInstance minBandwidthMbps(double value) {
        this.minBandwidthMbps = value;
        return this;
    }

    public MakeInstance minBatteryPercent(double value) {
        this.minBatteryPercent = value;
        return this;
    }

    public MakeInstance mainsOnly() {
        this.mainsOnly = true;
        return this;
    }

    public MakeInstance realtime() {
        this.realtime = true;
        return this;
    }

    public MakeInstance spread(String by, Integer maxSkew) {
        spread.add(new SpreadConstraint(by, maxSkew));
        return this;
    }

    /** Follow a Device: prefer nodes close to where it is attached. */
    public MakeInstance near(String device) {
        this.near = device;
        return this;
    }

    /** The component template alone. */
    public Component template() {
        Placement placement = new Placement(
                tiers,
                preferredTiers,
                arch,
                os,
                nodeSelector,
                tolerations,
                accelerators,
                preferredAccelerators,
                maxLatencyMs,
                latencyTarget,
                minBandwidthMbps,
                minBatteryPercent,
                mainsOnly,
                realtime,
                spread,
                near);
        ResourceList resources = cpu == null && memory == null
                ? null
                : new ResourceList(
                        cpu == null ? null : Quantity.parse(cpu), memory == null ? null : Quantity.parse(memory));
        return new Component(
                component,
                ComponentType.SERVICE,
                module,
                null,
                image,
                1,
                null,
                null,
                resources,
                placement,
                null,
                null,
                null,
                null,
                null,
                priority,
                profile);
    }

    public Instance obj() {
        InstanceSpec spec = new InstanceSpec(application, component, template(), node, 1);
        ObjectMeta meta = new ObjectMeta(
                name,
                namespace,
                null,
                Map.of(Instance.APPLICATION_LABEL, application, Instance.COMPONENT_LABEL, component),
                null,
                0,
                0,
                null);
        InstanceStatus status = new InstanceStatus(phase, null, null, null, null, Instant.EPOCH, 0, null, 0, null);
        return new Instance(Instance.API_VERSION, "Instance", meta, spec, status);
    }
}
