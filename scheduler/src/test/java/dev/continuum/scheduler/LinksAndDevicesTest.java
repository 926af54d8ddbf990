package dev.continuum.scheduler;

import static dev.continuum.model.Tier.CLOUD;
import static dev.continuum.model.Tier.GATEWAY;
import static dev.continuum.model.Tier.NETWORK_EDGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.ComponentLink;
import dev.continuum.model.Instance;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksAndDevicesTest {

    private final Scheduler scheduler = Scheduler.withDefaultProfiles();

    private static ClusterState cluster(Node... nodes) {
        return ClusterState.of(List.of(nodes), List.of());
    }

    @Test
    void linkedComponentsLandWithinTheirLinksLatency() {
        ClusterState state = cluster(
                MakeNode.named("cloud").tier(CLOUD).obj(),
                MakeNode.named("edge-a")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 20.0, 1000.0)
                        .obj(),
                MakeNode.named("edge-b")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 20.0, 1000.0)
                        .obj(),
                MakeNode.named("gw-a")
                        .tier(GATEWAY)
                        .parent("edge-a")
                        .link("edge-a", 3.0, 100.0)
                        .obj(),
                MakeNode.named("gw-b")
                        .tier(GATEWAY)
                        .parent("edge-b")
                        .link("edge-b", 3.0, 100.0)
                        .obj());
        state.upsertInstance(MakeInstance.named("ingest-0")
                .app("shop")
                .component("ingest")
                .node("gw-a")
                .obj());
        Application app = Application.of(
                ObjectMeta.named("default", "shop"),
                new ApplicationSpec(List.of(), List.of(new ComponentLink("ingest", "filter", 10.0))));
        Instance filter = MakeInstance.named("filter-0")
                .app("shop")
                .component("filter")
                .tiers(NETWORK_EDGE)
                .obj();

        PlacementRequest request = PlacementRequest.of(filter, app, state);
        Decision d = scheduler.schedule(request, state);

        assertThat(request.peers()).singleElement().satisfies(p -> {
            assertThat(p.component()).isEqualTo("ingest");
            assertThat(p.nodes()).containsExactly("gw-a");
        });
        assertThat(d.node()).contains("edge-a");
        assertThat(scheduler
                        .explain(request, state)
                        .node("edge-b")
                        .orElseThrow()
                        .reason())
                .isEqualTo("43 ms to the nearest copy of ingest (limit 10 ms)");
    }

    @Test
    void aLinkMayNameAComponentOfAnotherApplication() {
        ClusterState state =
                cluster(MakeNode.named("a").obj(), MakeNode.named("b").obj());
        state.upsertInstance(MakeInstance.named("db-0")
                .app("store")
                .component("db")
                .node("b")
                .obj());
        state.upsertInstance(MakeInstance.named("cache-0")
                .app("shop")
                .component("cache")
                .node("a")
                .obj());
        Application shop = Application.of(
                ObjectMeta.named("default", "shop"),
                new ApplicationSpec(
                        List.of(),
                        List.of(
                                new ComponentLink("web", "store/db", 5.0),
                                new ComponentLink("web", "default/shop/cache", null),
                                new ComponentLink("cache", "store/db", 1.0))));

        PlacementRequest request = PlacementRequest.of(
                MakeInstance.named("web-0").app("shop").component("web").obj(), shop, state);

        assertThat(request.peers())
                .extracting(p -> p.component() + "@" + p.nodes() + "<" + p.maxLatencyMs())
                .containsExactly("store/db@[b]<5.0", "default/shop/cache@[a]<null");
    }

    @Test
    void aComponentFollowsItsDevice() {
        ClusterState state = cluster(
                MakeNode.named("cloud").tier(CLOUD).obj(),
                MakeNode.named("cell-1")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 15.0, 1000.0)
                        .obj(),
                MakeNode.named("cell-2")
                        .tier(NETWORK_EDGE)
                        .parent("cloud")
                        .link("cloud", 15.0, 1000.0)
                        .obj());
        Instance follower = MakeInstance.named("nav")
                .tiers(NETWORK_EDGE)
                .maxLatencyToDevice("car-7", 5)
                .obj();

        Decision unattached = scheduler.schedule(PlacementRequest.of(follower), state);
        state.attachDevice("car-7", "cell-1");
        Decision first = scheduler.schedule(PlacementRequest.of(follower), state);
        state.attachDevice("car-7", "cell-2");
        Decision second = scheduler.schedule(PlacementRequest.of(follower), state);

        assertThat(unattached.summary())
                .isEqualTo("0/3 nodes fit: 2 device car-7 has no known attachment, 1 wrong tier");
        assertThat(first.node()).contains("cell-1");
        assertThat(second.node()).contains("cell-2");
    }
}
