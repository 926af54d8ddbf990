package dev.continuum.testing;

import dev.continuum.model.Accelerator;
import dev.continuum.model.Condition;
import dev.continuum.model.Link;
import dev.continuum.model.Location;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Platform;
import dev.continuum.model.Power;
import dev.continuum.model.PowerSource;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Nodes for tests, fluently: {@code MakeNode.named("n1").tier(GATEWAY).arch("arm64").cpu("4").obj()}.
 * Starts as a Ready linux/amd64 node running wasm with 4 cores and 8Gi, on mains, with no tier,
 * place, labels, taints or links; timestamps are the epoch so that tests stay deterministic.
 */
public final class MakeNode {

    private final String name;
    private Tier tier;
    private String parent;
    private String region;
    private String zone;
    private String site;
    private Double lat;
    private Double lon;
    private boolean unschedulable;
    private final List<Taint> taints = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String arch = "amd64";
    private String os = "linux";
    private List<String> runtimes = List.of("wasm");
    private String cpu = "4";
    private String memory = "8Gi";
    private final List<Accelerator> accelerators = new ArrayList<>();
    private Power power;
    private final List<Link> links = new ArrayList<>();
    private String ready = "True";
    private Boolean realtime;

    private MakeNode(String name) {
        this.name = name;
    }

    public static MakeNode named(String name) {
        return new MakeNode(name);
    }

    public MakeNode tier(Tier value) {
        this.tier = value;
        return this;
    }

    /** The node's uplink in the hierarchy. */
    public MakeNode parent(String value) {
        this.parent = value;
        return this;
    }

    public MakeNode region(String value) {
        this.region = value;
        return this;
    }

    public MakeNode zone(String value) {
        this.zone = value;
        return this;
    }

    public MakeNode site(String value) {
        this.site = value;
        return this;
    }

    /** Coordinates in degrees. */
    public MakeNode at(double latitude, double longitude) {
        this.lat = latitude;
        this.lon = longitude;
        return this;
    }

    public MakeNode unschedulable() {
        this.unschedulable = true;
        return this;
    }

    public MakeNode taint(String key, String value, TaintEffect effect) {
        taints.add(new Taint(key, value, effect));
        return this;
    }

    public MakeNode label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public MakeNode arch(String value) {
        this.arch = value;
        return this;
    }

    public MakeNode os(String value) {
        this.os = value;
        return this;
    }

    /** The runtimes the node reports; none means the agent's wasm alone. */
    public MakeNode runtimes(String... values) {
        this.runtimes = List.of(values);
        return this;
    }

    /** Allocatable cpu, e.g. {@code "4"} or {@code "500m"}; capacity is the same. */
    public MakeNode cpu(String value) {
        this.cpu = value;
        return this;
    }

    /** Allocatable memory, e.g. {@code "8Gi"}; capacity is the same. */
    public MakeNode memory(String value) {
        this.memory = value;
        return this;
    }

    public MakeNode accelerator(String type, String vendor, String model, int count, String memoryPerDevice) {
        accelerators.add(new Accelerator(
                type, vendor, model, count, memoryPerDevice == null ? null : Quantity.parse(memoryPerDevice)));
        return this;
    }

    public MakeNode mains() {
        this.power = new Power(PowerSource.MAINS, null, power == null ? null : power.watts());
        return this;
    }

    public MakeNode battery(double percent) {
        this.power = new Power(PowerSource.BATTERY, percent, power == null ? null : power.watts());
        return this;
    }

    public MakeNode solar(double percent) {
        this.power = new Power(PowerSource.SOLAR, percent, power == null ? null : power.watts());
        return this;
    }

    /** Power as reported, any field may be null. */
    public MakeNode power(PowerSource source, Double batteryPercent, Double watts) {
        this.power = new Power(source, batteryPercent, watts);
        return this;
    }

    public MakeNode watts(double value) {
        this.power = new Power(
                power == null ? PowerSource.MAINS : power.source(),
                power == null ? null : power.batteryPercent(),
                value);
        return this;
    }

    /** A measured link to another node; either figure may be null. */
    public MakeNode link(String to, Double rttMs, Double bandwidthMbps) {
        links.add(new Link(to, rttMs, bandwidthMbps, Instant.EPOCH));
        return this;
    }

    public MakeNode notReady() {
        this.ready = "False";
        return this;
    }

    /** A node that never reported a Ready condition. */
    public MakeNode neverReady() {
        this.ready = null;
        return this;
    }

    public MakeNode realtime() {
        this.realtime = true;
        return this;
    }

    public Node obj() {
        Location location = region == null && zone == null && site == null && lat == null
                ? null
                : new Location(region, zone, site, lat, lon);
        NodeSpec spec = new NodeSpec(tier, parent, location, null, null, taints, unschedulable ? true : null);
        ResourceList resources = new ResourceList(
                cpu == null ? null : Quantity.parse(cpu), memory == null ? null : Quantity.parse(memory));
        List<Condition> conditions = ready == null
                ? List.of()
                : List.of(new Condition(Node.READY, ready, "Test", null, Instant.EPOCH, Instant.EPOCH));
        NodeStatus status = new NodeStatus(
                resources,
                resources,
                new Platform(arch, os, null, null, null),
                runtimes,
                accelerators,
                power,
                links,
                conditions,
                null,
                realtime);
        return Node.of(new ObjectMeta(name, null, null, labels, null, 0, 0, null), spec, status);
    }
}
