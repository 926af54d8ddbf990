package dev.continuum.bench.scheduler;

import dev.continuum.model.Accelerator;
import dev.continuum.model.AcceleratorRequest;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Condition;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Link;
import dev.continuum.model.Location;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Placement;
import dev.continuum.model.Platform;
import dev.continuum.model.Power;
import dev.continuum.model.PowerSource;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import dev.continuum.model.SpreadConstraint;
import dev.continuum.model.Taint;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import dev.continuum.model.Toleration;
import dev.continuum.scheduler.PlacementRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated continuum and a stream of placement requests with a realistic mix of constraints,
 * both from one seed.
 *
 * <p>The fleet, per 10,000 nodes: 100 cloud machines in 4 regions (one root per region, the roots
 * measuring each other), 200 cloud-edge, 700 network-edge (MEC) nodes, 3,000 gateways (one site
 * each) and 6,000 devices under them; every node measures the link to its parent (5% do not), with
 * RTTs that grow up the hierarchy; GPUs in the
 * cloud (tainted), T4s at the network edge, NPUs on a third of the gateways; batteries and solar on devices;
 * 1% not Ready, 1% cordoned.
 *
 * <p>The requests: 30% cloud services spread by zone; 25% edge functions within 10–20 ms of a
 * site; 12% ingest on gateways or devices with a battery floor, within 10 ms of a site; 2% GPU or
 * NPU inference; 16% following a moving device within 15 ms; 5% real-time control within 5 ms of
 * a site whose gateway has dedicated cores; 10% linked to a component placed before, within 25 ms; a fifth of all ask for an SSD
 * label. Components have 20 copies each, so spread and links have something to count.
 */
public final class FleetGenerator {

    private static final double[][] REGIONS = {
        {50.1, 8.7}, {48.9, 2.4}, {52.4, 4.9}, {45.5, 9.2}, {40.4, -3.7}, {52.2, 21.0}, {59.3, 18.1}, {53.3, -6.3}
    };
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SplittableRandom random;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> sites = new ArrayList<>();
    private final List<String> realtimeSites = new ArrayList<>();
    private final List<String> devices = new ArrayList<>();
    private final List<String> gateways = new ArrayList<>();
    private final List<String> recent = new ArrayList<>();
    private final Map<String, double[]> positions = new HashMap<>();
    private int requests;

    public FleetGenerator(long seed, int size) {
        this.random = new SplittableRandom(seed);
        int regions = Math.max(2, Math.min(REGIONS.length, size / 2500));
        int clouds = Math.max(regions, size / 100);
        int cloudEdges = Math.max(regions, size / 50);
        int networkEdges = Math.max(regions, size * 7 / 100);
        int gatewayCount = size * 30 / 100;
        List<String> cloudNames = new ArrayList<>();
        List<String> cloudEdgeNames = new ArrayList<>();
        List<String> networkEdgeNames = new ArrayList<>();
        for (int i = 0; i < clouds; i++) {
            int r = i % regions;
            String name = "cloud-" + i;
            add(name, Tier.CLOUD, r, i < regions ? null : "cloud-" + r, null, "r" + r + "-dc", jitter(REGIONS[r], 0.1));
            cloudNames.add(name);
        }
        for (int i = 0; i < cloudEdges; i++) {
            int r = i % regions;
            String name = "cloud-edge-" + i;
            add(name, Tier.CLOUD_EDGE, r, cloudNames.get(r), null, null, jitter(REGIONS[r], 2));
            cloudEdgeNames.add(name);
        }
        for (int i = 0; i < networkEdges; i++) {
            int r = i % regions;
            String parent = cloudEdgeNames.get(r + regions * random.nextInt(cloudEdges / regions));
            String name = "mec-" + i;
            add(name, Tier.NETWORK_EDGE, r, parent, null, null, jitter(position(parent), 0.5));
            networkEdgeNames.add(name);
        }
        for (int i = 0; i < gatewayCount; i++) {
            int r = i % regions;
            String parent = networkEdgeNames.get(r + regions * random.nextInt(networkEdges / regions));
            String name = "gw-" + i;
            String site = "site-" + i;
            add(name, Tier.GATEWAY, r, parent, site, null, jitter(position(parent), 0.2));
            gateways.add(name);
            sites.add(site);
        }
        int deviceCount = size - nodes.size();
        for (int i = 0; i < deviceCount; i++) {
            int g = random.nextInt(gatewayCount);
            String parent = gateways.get(g);
            add("dev-" + i, Tier.DEVICE, g % regions, parent, sites.get(g), null, jitter(position(parent), 0.01));
        }
        for (int d = 0; d < Math.max(10, size / 10); d++) {
            devices.add("car-" + d);
        }
    }

    private double[] position(String node) {
        return positions.get(node);
    }

    private double[] jitter(double[] at, double degrees) {
        return new double[] {
            at[0] + (random.nextDouble() - 0.5) * degrees, at[1] + (random.nextDouble() - 0.5) * degrees
        };
    }

    private void add(String name, Tier tier, int region, String parent, String site, String dcSite, double[] at) {
        positions.put(name, at);
        String zone = "r" + region + "-z" + random.nextInt(3);
        Location location = new Location("r" + region, zone, site != null ? site : dcSite, at[0], at[1]);
        List<Taint> taints = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        if (tier == Tier.CLOUD && parent == null) {
            for (int other = 0; other < region; other++) {
                double[] there = position("cloud-" + other);
                double km = haversineKm(at, there);
                links.add(new Link("cloud-" + other, 2 + km / 100 * 1.3, 10_000.0, T0));
            }
        } else if (parent != null && random.nextDouble() < 0.95) {
            double[] rtt = switch (tier) {
                case CLOUD -> new double[] {0.2, 0.8, 40_000};
                case CLOUD_EDGE -> new double[] {10, 30, 10_000};
                case NETWORK_EDGE -> new double[] {4, 12, 10_000};
                case GATEWAY -> new double[] {2, 8, 1_000};
                default -> new double[] {1, 6, 100};
            };
            links.add(new Link(
                    parent,
                    rtt[0] + random.nextDouble() * (rtt[1] - rtt[0]),
                    rtt[2] * (0.2 + random.nextDouble() * 0.8),
                    T0));
        }
        String arch;
        List<String> runtimes;
        long cores;
        long memoryGi;
        List<Accelerator> accelerators = new ArrayList<>();
        Power power = null;
        boolean realtime = false;
        switch (tier) {
            case CLOUD -> {
                arch = random.nextDouble() < 0.8 ? "amd64" : "arm64";
                runtimes = List.of("wasm", "container");
                cores = 64;
                memoryGi = 256;
                if (random.nextDouble() < 0.2) {
                    accelerators.add(new Accelerator(
                            "gpu", "nvidia", "A100", 4 + 4 * random.nextInt(2), Quantity.parse("80Gi")));
                    taints.add(new Taint("dedicated", "gpu", TaintEffect.NO_SCHEDULE));
                }
                power = new Power(PowerSource.MAINS, null, 300 + random.nextDouble() * 400);
            }
            case CLOUD_EDGE -> {
                arch = random.nextDouble() < 0.7 ? "amd64" : "arm64";
                runtimes = List.of("wasm", "container");
                cores = 32;
                memoryGi = 128;
                power = new Power(PowerSource.MAINS, null, 200 + random.nextDouble() * 200);
            }
            case NETWORK_EDGE -> {
                arch = random.nextDouble() < 0.6 ? "amd64" : "arm64";
                runtimes = random.nextBoolean() ? List.of("wasm", "container") : List.of("wasm");
                cores = 16;
                memoryGi = 64;
                if (random.nextDouble() < 0.1) {
                    accelerators.add(new Accelerator("gpu", "nvidia", "T4", 1, Quantity.parse("16Gi")));
                }
                power = new Power(PowerSource.MAINS, null, 80 + random.nextDouble() * 120);
            }
            case GATEWAY -> {
                arch = random.nextDouble() < 0.8 ? "arm64" : "amd64";
                runtimes = random.nextDouble() < 0.2 ? List.of("wasm", "container") : List.of("wasm");
                cores = 4;
                memoryGi = 8;
                if (random.nextDouble() < 0.3) {
                    accelerators.add(new Accelerator("npu", "acme", "N1", 2, null));
                }
                realtime = random.nextDouble() < 0.2;
                power = random.nextDouble() < 0.1
                        ? new Power(PowerSource.SOLAR, 20 + random.nextDouble() * 80, 5 + random.nextDouble() * 10)
                        : new Power(PowerSource.MAINS, null, 10 + random.nextDouble() * 15);
            }
            default -> {
                arch = random.nextDouble() < 0.7 ? "arm64" : "riscv64";
                runtimes = List.of("wasm");
                cores = 2;
                memoryGi = 2;
                double p = random.nextDouble();
                power = p < 0.7
                        ? new Power(PowerSource.BATTERY, 5 + random.nextDouble() * 95, 2 + random.nextDouble() * 3)
                        : p < 0.8
                                ? new Power(PowerSource.SOLAR, 10 + random.nextDouble() * 90, 3.0)
                                : new Power(PowerSource.MAINS, null, 4.0);
            }
        }
        ResourceList resources = new ResourceList(Quantity.of(cores), Quantity.ofBytes(memoryGi << 30));
        boolean ready = random.nextDouble() >= 0.01;
        Condition readyCondition = new Condition(Node.READY, ready ? "True" : "False", "Heartbeat", null, T0, T0);
        Map<String, String> labels = Map.of("disk", random.nextDouble() < 0.6 ? "ssd" : "hdd");
        NodeSpec spec = new NodeSpec(
                tier, parent, location, tier == Tier.DEVICE, null, taints, random.nextDouble() < 0.01 ? true : null);
        if (realtime) {
            realtimeSites.add(site);
        }
        NodeStatus status = new NodeStatus(
                resources,
                resources,
                new Platform(arch, "linux", null, "25", "0.1.0"),
                runtimes,
                accelerators,
                power,
                links,
                List.of(readyCondition),
                null,
                realtime);
        nodes.add(Node.of(new ObjectMeta(name, null, null, labels, null, 0, 0, T0), spec, status));
    }

    private static double haversineKm(double[] a, double[] b) {
        double p1 = Math.toRadians(a[0]);
        double p2 = Math.toRadians(b[0]);
        double h = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(b[1] - a[1]) / 2), 2);
        return 2 * 6371 * Math.asin(Math.sqrt(h));
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Devices and the gateways they are attached to, at the start. */
    public Map<String, String> attachments() {
        Map<String, String> at = new LinkedHashMap<>();
        for (int d = 0; d < devices.size(); d++) {
            at.put(devices.get(d), gateways.get(Math.floorMod(d * 7919, gateways.size())));
        }
        return at;
    }

    /** Every {@code moveEvery} requests one device moves to another gateway, as cars do. */
    public Map.Entry<String, String> move() {
        return Map.entry(devices.get(random.nextInt(devices.size())), gateways.get(random.nextInt(gateways.size())));
    }

    /** The next request of the mix. */
    public PlacementRequest next() {
        int n = requests++;
        int app = n / 200;
        double kind = random.nextDouble();
        List<Tier> tiers = List.of();
        List<Tier> preferred = List.of();
        String cpu = "100m";
        String memory = "64Mi";
        String image = null;
        Double maxLatency = null;
        LatencyTarget target = null;
        Double minBattery = null;
        Boolean realtime = null;
        List<SpreadConstraint> spread = List.of();
        List<AcceleratorRequest> accelerators = List.of();
        List<Toleration> tolerations = List.of();
        String near = null;
        String component;
        boolean linked = false;
        if (kind < 0.30) {
            component = "api";
            tiers = List.of(Tier.CLOUD, Tier.CLOUD_EDGE);
            cpu = (250 + 250 * random.nextInt(4)) + "m";
            memory = (256 << random.nextInt(3)) + "Mi";
            image = random.nextBoolean() ? "registry.example/api:1" : null;
            spread = List.of(new SpreadConstraint("zone", 2));
        } else if (kind < 0.55) {
            component = "fn";
            tiers = List.of(Tier.NETWORK_EDGE, Tier.GATEWAY);
            preferred = List.of(Tier.GATEWAY);
            maxLatency = 10.0 + random.nextInt(11);
            target = new LatencyTarget(null, site(), null, null);
        } else if (kind < 0.67) {
            component = "ingest";
            tiers = List.of(Tier.GATEWAY, Tier.DEVICE);
            cpu = "50m";
            memory = "32Mi";
            minBattery = 30.0;
            maxLatency = 10.0;
            target = new LatencyTarget(null, site(), null, null);
        } else if (kind < 0.69) {
            component = "infer";
            cpu = "1";
            memory = "2Gi";
            boolean gpu = random.nextBoolean();
            accelerators = List.of(new AcceleratorRequest(gpu ? "gpu" : "npu", null, null, 1, null));
            tolerations = List.of(new Toleration("dedicated", "Equal", "gpu", null));
        } else if (kind < 0.85) {
            component = "follow";
            tiers = List.of(Tier.NETWORK_EDGE, Tier.GATEWAY);
            String device = devices.get(random.nextInt(devices.size()));
            maxLatency = 15.0;
            target = new LatencyTarget(null, null, device, null);
            near = device;
        } else if (kind < 0.90) {
            component = "control";
            tiers = List.of(Tier.GATEWAY);
            realtime = true;
            maxLatency = 5.0;
            target = new LatencyTarget(null, realtimeSites.get(random.nextInt(realtimeSites.size())), null, null);
        } else {
            component = "worker";
            tiers = List.of(Tier.NETWORK_EDGE, Tier.CLOUD_EDGE, Tier.GATEWAY);
            cpu = "200m";
            memory = "128Mi";
            linked = !recent.isEmpty();
        }
        Map<String, String> selector = random.nextDouble() < 0.2 ? Map.of("disk", "ssd") : Map.of();
        Placement placement = new Placement(
                tiers,
                preferred,
                List.of(),
                List.of(),
                selector,
                tolerations,
                accelerators,
                List.of(),
                maxLatency,
                target,
                null,
                minBattery,
                null,
                realtime,
                spread,
                near);
        Component template = new Component(
                component,
                ComponentType.SERVICE,
                image == null ? "oci://r/" + component : null,
                null,
                image,
                20,
                null,
                null,
                new ResourceList(Quantity.parse(cpu), Quantity.parse(memory)),
                placement,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        String appName = "app-" + app;
        Instance instance = Instance.of(
                ObjectMeta.named("default", appName + "-" + component + "-" + n),
                new InstanceSpec(appName, component, template, null, 1));
        PlacementRequest request = PlacementRequest.of(instance);
        if (linked) {
            request = request.withPeer("upstream", 25.0, List.of(recent.get(random.nextInt(recent.size()))));
        }
        return request;
    }

    /** Remembers where something was placed, for later requests linked to it. */
    public void placed(String node) {
        if (recent.size() < 1000) {
            recent.add(node);
        } else {
            recent.set(random.nextInt(recent.size()), node);
        }
    }

    private String site() {
        return sites.get(random.nextInt(sites.size()));
    }
}
