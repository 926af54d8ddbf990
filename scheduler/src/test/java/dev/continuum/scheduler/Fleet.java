package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static dev.continuum.model.Tier.NETWORK_EDGE;

import dev.continuum.model.Node;
import dev.continuum.testing.MakeNode;
import java.util.List;

/**
 * A small continuum with known paths, shared by the network tests:
 *
 * <pre>
 *                 cloud (Frankfurt)
 *            20 ms /             \ 25 ms
 *        edge-1 (Mannheim)        edge-2 (Munich)
 *        3 ms /      \ unmeasured       \ 4 ms
 *   gw-1 [factory-3]  gw-2               gw-3 ── 8 ms, 20 Mbps ── gw-1
 *   (50 Mbps up)      (geographic hop)
 *
 *   lonely: no parent, no place        far: no parent, in Lisbon
 * </pre>
 */
public final class Fleet {

    private Fleet() {}

    public static List<Node> nodes() {
        return List.of(
                MakeNode.named("cloud").tier(CLOUD).at(50.11, 8.68).obj(),
                MakeNode.named("edge-1")
                        .tier(NETWORK_EDGE)
                        .at(49.49, 8.47)
                        .parent("cloud")
                        .link("cloud", 20.0, 1000.0)
                        .obj(),
                MakeNode.named("edge-2")
                        .tier(NETWORK_EDGE)
                        .at(48.14, 11.58)
                        .parent("cloud")
                        .link("cloud", 25.0, 1000.0)
                        .obj(),
                MakeNode.named("gw-1")
                        .tier(GATEWAY)
                        .site("factory-3")
                        .at(49.50, 8.50)
                        .parent("edge-1")
                        .link("edge-1", 3.0, 50.0)
                        .obj(),
                MakeNode.named("gw-2")
                        .tier(GATEWAY)
                        .at(49.40, 8.60)
                        .parent("edge-1")
                        .obj(),
                MakeNode.named("gw-3")
                        .tier(GATEWAY)
                        .at(48.10, 11.50)
                        .parent("edge-2")
                        .link("edge-2", 4.0, 100.0)
                        .link("gw-1", 8.0, 20.0)
                        .obj(),
                MakeNode.named("lonely").tier(GATEWAY).obj(),
                MakeNode.named("far").tier(GATEWAY).at(38.72, -9.14).obj());
    }

    public static ClusterState state() {
        return ClusterState.of(nodes(), List.of());
    }
}
