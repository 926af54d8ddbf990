package dev.continuum.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.model.PowerSource;
import dev.continuum.model.TaintEffect;
import dev.continuum.model.Tier;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random continua and random requests for the property tests, all drawn from one seed: a hierarchy
 * of regions (cloud, cloud-edge, network-edge, gateways, devices) with measured links, some
 * missing; random platforms, labels, taints, power, accelerators, readiness; requests with a
 * random mix of every hard constraint, some of them impossible.
 */
final class RandomCluster {

    private static final String[] ARCH = {"amd64", "arm64", "riscv64"};
    private static final String[] OS = {"linux", "linux", "linux", "darwin"};
    private static final String[] ZONES = {"z1", "z2", "z3", "z4"};
    private static final String[] ACCELERATORS = {"gpu", "npu", "tpu"};

    private final SplittableRandom random;
    final List<Node> nodes = new ArrayList<>();
    final List<Instance> instances = new ArrayList<>();
    final List<String> sites = new ArrayList<>();
    final List<String> devices = new ArrayList<>();
    final List<String> deviceNodes = new ArrayList<>();
    private int requestNumber;

    RandomCluster(long seed, int size) {
        this.random = new SplittableRandom(seed);
        int regions = 2 + random.nextInt(2);
        List<List<String>> byTier = new ArrayList<>();
        for (int t = 0; t < Tier.values().length; t++) {
            byTier.add(new ArrayList<>());
        }
        double[] share = {0.02, 0.05, 0.13, 0.35, 0.45};
        for (int i = 0; i < size; i++) {
            int region = random.nextInt(regions);
            Tier tier = pick(share);
            String name = tier.wireName() + "-" + i;
            String site = "site-" + region + "-" + random.nextInt(Math.max(1, size / 40));
            MakeNode node =
                    MakeNode.named(name).tier(tier).region("r" + region).zone(ZONES[random.nextInt(ZONES.length)]);
            if (random.nextDouble() < 0.9) {
                node.site(site);
                if (!sites.contains(site)) {
                    sites.add(site);
                }
            }
            if (random.nextDouble() < 0.8) {
                node.at(45 + region * 3 + random.nextDouble() * 2, 5 + region * 4 + random.nextDouble() * 2);
            }
            List<String> uplinks = tier.ordinal() == 0 ? List.of() : byTier.get(tier.ordinal() - 1);
            if (!uplinks.isEmpty() && random.nextDouble() < 0.95) {
                String parent = uplinks.get(random.nextInt(uplinks.size()));
                node.parent(parent);
                if (random.nextDouble() < 0.85) {
                    double rtt = 1 + random.nextDouble() * (25 - 4 * tier.ordinal());
                    node.link(parent, rtt, random.nextDouble() < 0.9 ? 10 + random.nextDouble() * 990 : null);
                }
            }
            if (!nodes.isEmpty() && random.nextDouble() < 0.05) {
                Node peer = nodes.get(random.nextInt(nodes.size()));
                node.link(peer.metadata().name(), 1 + random.nextDouble() * 30, 5 + random.nextDouble() * 100);
            }
            node.arch(ARCH[random.nextInt(ARCH.length)]).os(OS[random.nextInt(OS.length)]);
            node.runtimes(random.nextDouble() < 0.3 ? new String[] {"wasm", "container"} : new String[] {"wasm"});
            node.cpu((1 + random.nextInt(16)) * 500 + "m").memory((1 + random.nextInt(16)) * 512 + "Mi");
            if (random.nextDouble() < 0.3) {
                node.label("disk", random.nextBoolean() ? "ssd" : "hdd");
            }
            if (random.nextDouble() < 0.2) {
                node.label("team", "t" + random.nextInt(3));
            }
            if (random.nextDouble() < 0.1) {
                node.taint("dedicated", random.nextBoolean() ? "ml" : "db", TaintEffect.NO_SCHEDULE);
            }
            if (random.nextDouble() < 0.1) {
                node.taint("spot", "yes", TaintEffect.PREFER_NO_SCHEDULE);
            }
            if (tier.ordinal() >= 3) {
                double p = random.nextDouble();
                if (p < 0.4) {
                    node.power(PowerSource.BATTERY, random.nextDouble() < 0.9 ? random.nextDouble() * 100 : null, null);
                } else if (p < 0.6) {
                    node.power(PowerSource.SOLAR, random.nextDouble() * 100, 5 + random.nextDouble() * 20);
                }
            } else if (random.nextDouble() < 0.5) {
                node.watts(50 + random.nextDouble() * 400);
            }
            if (random.nextDouble() < 0.1) {
                node.accelerator(
                        ACCELERATORS[random.nextInt(ACCELERATORS.length)],
                        random.nextBoolean() ? "nvidia" : "acme",
                        "m" + random.nextInt(3),
                        1 + random.nextInt(4),
                        random.nextBoolean() ? (8 << random.nextInt(3)) + "Gi" : null);
            }
            if (random.nextDouble() < 0.1) {
                node.realtime();
            }
            if (random.nextDouble() < 0.05) {
                node.notReady();
            }
            if (random.nextDouble() < 0.03) {
                node.unschedulable();
            }
            nodes.add(node.obj());
            byTier.get(tier.ordinal()).add(name);
        }
        for (int d = 0; d < 5; d++) {
            devices.add("device-" + d);
            deviceNodes.add(nodes.get(random.nextInt(nodes.size())).metadata().name());
        }
        for (int i = 0; i < size / 2; i++) {
            Node on = nodes.get(random.nextInt(nodes.size()));
            instances.add(MakeInstance.named("existing-" + i)
                    .app("app-" + random.nextInt(5))
                    .component("c" + random.nextInt(4))
                    .cpu((1 + random.nextInt(4)) * 100 + "m")
                    .memory((1 + random.nextInt(4)) * 64 + "Mi")
                    .priority(random.nextInt(3))
                    .node(on.metadata().name())
                    .obj());
        }
    }

    ClusterState state() {
        ClusterState state = ClusterState.of(nodes, instances);
        for (int d = 0; d < devices.size(); d++) {
            state.attachDevice(devices.get(d), deviceNodes.get(d));
        }
        return state;
    }

    /** A request with a random mix of constraints; each is present with its own probability. */
    Instance request() {
        int n = requestNumber++;
        MakeInstance i = MakeInstance.named("new-" + n)
                .app("app-" + random.nextInt(5))
                .component("c" + random.nextInt(4))
                .cpu((1 + random.nextInt(12)) * 100 + "m")
                .memory((1 + random.nextInt(12)) * 64 + "Mi")
                .priority(random.nextInt(4));
        if (random.nextDouble() < 0.15) {
            i.container("img");
        }
        if (random.nextDouble() < 0.4) {
            Tier[] all = Tier.values();
            i.tiers(all[random.nextInt(all.length)], all[random.nextInt(all.length)]);
        }
        if (random.nextDouble() < 0.3) {
            i.preferredTiers(Tier.values()[random.nextInt(5)], Tier.values()[random.nextInt(5)]);
        }
        if (random.nextDouble() < 0.3) {
            i.arch(ARCH[random.nextInt(ARCH.length)]);
        }
        if (random.nextDouble() < 0.1) {
            i.os("linux");
        }
        if (random.nextDouble() < 0.15) {
            i.nodeSelector("disk", "ssd");
        }
        if (random.nextDouble() < 0.1) {
            i.toleration("dedicated", "Equal", "ml", null);
        }
        if (random.nextDouble() < 0.1) {
            i.accelerator(
                    ACCELERATORS[random.nextInt(ACCELERATORS.length)],
                    null,
                    null,
                    1 + random.nextInt(2),
                    random.nextBoolean() ? "8Gi" : null);
        }
        if (random.nextDouble() < 0.1) {
            i.preferredAccelerator("gpu", null, null);
        }
        if (random.nextDouble() < 0.3) {
            double ms = 5 + random.nextDouble() * 60;
            double p = random.nextDouble();
            if (p < 0.4) {
                i.maxLatencyToSite(sites.get(random.nextInt(sites.size())), ms);
            } else if (p < 0.7) {
                i.maxLatencyToNode(
                        nodes.get(random.nextInt(nodes.size())).metadata().name(), ms);
            } else if (p < 0.85) {
                i.maxLatencyToDevice(
                        random.nextDouble() < 0.9 ? devices.get(random.nextInt(devices.size())) : "lost", ms);
            } else {
                i.maxLatencyToLocation(45 + random.nextDouble() * 10, 5 + random.nextDouble() * 12, ms);
            }
        } else if (random.nextDouble() < 0.1) {
            i.near(devices.get(random.nextInt(devices.size())));
        }
        if (random.nextDouble() < 0.1) {
            i.minBandwidthMbps(10 + random.nextDouble() * 500);
        }
        if (random.nextDouble() < 0.15) {
            i.minBatteryPercent(random.nextDouble() * 80);
        }
        if (random.nextDouble() < 0.05) {
            i.mainsOnly();
        }
        if (random.nextDouble() < 0.05) {
            i.realtime();
        }
        if (random.nextDouble() < 0.2) {
            String[] by = {"zone", "site", "region", "tier", "node"};
            i.spread(by[random.nextInt(by.length)], 1 + random.nextInt(2));
        }
        if (random.nextDouble() < 0.1) {
            i.profile("binpack");
        }
        return i.obj();
    }

    /** Peers for a request: none most of the time, else one or two with random nodes and limits. */
    PlacementRequest withPeers(Instance instance) {
        PlacementRequest request = PlacementRequest.of(instance);
        if (random.nextDouble() < 0.15) {
            List<String> on = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                on.add(nodes.get(random.nextInt(nodes.size())).metadata().name());
            }
            request = request.withPeer("peer", random.nextBoolean() ? 10 + random.nextDouble() * 50 : null, on);
        }
        return request;
    }

    private Tier pick(double[] share) {
        double p = random.nextDouble();
        for (int t = 0; t < share.length; t++) {
            p -= share[t];
            if (p < 0) {
                return Tier.values()[t];
            }
        }
        return Tier.DEVICE;
    }
}
