package dev.continuum.scheduler.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Location;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Fleet;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkModelTest {

    private static double rtt(ClusterState state, String from, NetworkTarget to) {
        return state.network().rttMs(node(state, from), to);
    }

    private static NodeInfo node(ClusterState state, String name) {
        return state.node(name).orElseThrow();
    }

    @ParameterizedTest(name = "{0} to site factory-3: {1} ms, {2} Mbps")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1   | 0  | Infinity
            edge-1 | 3  | 50
            cloud  | 23 | 50
            edge-2 | 48 | 50
            gw-3   | 8  | 20
            lonely | NaN| NaN
            """)
    void composesMeasuredLinksAlongTheHierarchy(String from, double ms, double mbps) {
        ClusterState state = Fleet.state();
        NetworkTarget site = state.network().site("factory-3");

        assertThat(Double.valueOf(rtt(state, from, site))).isEqualTo(Double.valueOf(ms));
        assertThat(Double.valueOf(state.network().bandwidthMbps(node(state, from), site)))
                .isEqualTo(Double.valueOf(mbps));
    }

    @Test
    void anUnmeasuredHopIsEstimatedFromItsEndsCoordinates() {
        ClusterState state = Fleet.state();
        NodeInfo gw2 = node(state, "gw-2");
        NodeInfo edge1 = node(state, "edge-1");
        double hop = GeoEstimate.rttMs(gw2.lat(), gw2.lon(), edge1.lat(), edge1.lon());

        assertThat(rtt(state, "gw-2", state.network().site("factory-3"))).isCloseTo(hop + 3, within(1e-4));
        assertThat(state.network().bandwidthMbps(gw2, state.network().site("factory-3")))
                .isNaN();
    }

    @Test
    void withoutAPathTheDistanceIsTheEstimate() {
        ClusterState state = Fleet.state();
        NodeInfo far = node(state, "far");
        NodeInfo gw1 = node(state, "gw-1");

        assertThat(rtt(state, "far", state.network().node("gw-1")))
                .isCloseTo(GeoEstimate.rttMs(far.lat(), far.lon(), gw1.lat(), gw1.lon()), within(1e-4));
    }

    @Test
    void aDirectMeasurementWinsOverAShorterComposedPath() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("p").obj(),
                        MakeNode.named("a")
                                .parent("p")
                                .link("p", 5.0, 100.0)
                                .link("b", 50.0, 10.0)
                                .obj(),
                        MakeNode.named("b").parent("p").link("p", 5.0, 100.0).obj()),
                List.of());

        assertThat(rtt(state, "a", state.network().node("b"))).isEqualTo(50);
        assertThat(rtt(state, "b", state.network().node("a"))).isEqualTo(50);
    }

    @Test
    void aLinkMeasuredByBothEndsCountsAtItsLowerRtt() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("a").link("b", 12.0, 10.0).obj(),
                        MakeNode.named("b").link("a", 9.0, 30.0).obj()),
                List.of());

        assertThat(rtt(state, "a", state.network().node("b"))).isEqualTo(9);
    }

    @Test
    void treesWithoutACommonRootJoinAcrossAMeasuredLinkBetweenAncestors() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("eu").link("us", 80.0, 10000.0).obj(),
                        MakeNode.named("us").obj(),
                        MakeNode.named("eu-gw")
                                .parent("eu")
                                .link("eu", 10.0, 100.0)
                                .obj(),
                        MakeNode.named("us-gw")
                                .parent("us")
                                .link("us", 15.0, 200.0)
                                .obj()),
                List.of());

        assertThat(rtt(state, "eu-gw", state.network().node("us-gw"))).isEqualTo(105);
        assertThat(state.network()
                        .bandwidthMbps(node(state, "eu-gw"), state.network().node("us-gw")))
                .isEqualTo(100);
    }

    @Test
    void aParentCycleEndsTheWalk() {
        ClusterState state = ClusterState.of(
                List.of(
                        MakeNode.named("a").parent("b").link("b", 1.0, 1.0).obj(),
                        MakeNode.named("b").parent("a").link("a", 1.0, 1.0).obj(),
                        MakeNode.named("c").obj()),
                List.of());

        assertThat(rtt(state, "a", state.network().node("c"))).isNaN();
        assertThat(rtt(state, "a", state.network().node("b"))).isEqualTo(1);
    }

    @Test
    void locationsAndDevicesAreTargetsToo() {
        ClusterState state = Fleet.state();
        state.attachDevice("car-7", "gw-3");

        TargetResolution device = state.network().resolveDevice("car-7");
        TargetResolution place = state.network()
                .resolve(new LatencyTarget(null, null, null, new Location(null, null, null, 38.72, -9.14)));

        assertThat(device.target().description()).isEqualTo("device car-7 (at gw-3)");
        assertThat(rtt(state, "edge-2", device.target())).isEqualTo(4);
        assertThat(rtt(state, "far", place.target())).isEqualTo(GeoEstimate.BASE_RTT_MS);
        assertThat(state.network().resolveDevice("bike").problem()).isEqualTo("device bike has no known attachment");
    }

    @Test
    void jitterLeavesTheModelAloneAndARealChangeRebuildsIt() {
        ClusterState state = Fleet.state();
        NetworkTarget site = state.network().site("factory-3");
        assertThat(rtt(state, "cloud", site)).isEqualTo(23);
        long version = state.networkVersion();

        state.upsertNode(MakeNode.named("gw-1")
                .site("factory-3")
                .at(49.50, 8.50)
                .parent("edge-1")
                .link("edge-1", 3.2, 52.0)
                .obj());
        assertThat(state.networkVersion()).isEqualTo(version);
        assertThat(rtt(state, "cloud", state.network().site("factory-3"))).isEqualTo(23);

        state.upsertNode(MakeNode.named("gw-1")
                .site("factory-3")
                .at(49.50, 8.50)
                .parent("edge-1")
                .link("edge-1", 9.0, 52.0)
                .obj());
        assertThat(state.networkVersion()).isGreaterThan(version);
        assertThat(rtt(state, "cloud", state.network().site("factory-3"))).isEqualTo(29);
    }

    @Test
    void theNeighbourhoodHoldsEveryNodeInReachAndLeavesOutTheFar() {
        ClusterState state = Fleet.state();
        NetworkTarget site = state.network().site("factory-3");

        NodeSet near = state.network().within(site, 10).orElseThrow();

        for (String name : List.of("gw-1", "edge-1", "gw-2", "gw-3", "cloud", "edge-2", "lonely", "far")) {
            NodeInfo n = node(state, name);
            if (rtt(state, name, site) <= 10) {
                assertThat(near.contains(n.slot())).as(name).isTrue();
            }
        }
        assertThat(near.contains(node(state, "cloud").slot())).isFalse();
        assertThat(near.contains(node(state, "edge-2").slot())).isFalse();
        assertThat(near.contains(node(state, "lonely").slot()))
                .as("a node the hierarchy does not connect may be near by geography")
                .isTrue();
    }

    @Test
    void aBareLocationHasNoNeighbourhood() {
        ClusterState state = Fleet.state();

        assertThat(state.network().within(state.network().location(38.72, -9.14), 10))
                .isEmpty();
    }

    @Test
    void geographicEstimateMatchesKnownDistances() {
        double parisBerlin = GeoEstimate.distanceKm(48.8566, 2.3522, 52.52, 13.405);

        assertThat(parisBerlin).isCloseTo(878, within(5.0));
        assertThat(GeoEstimate.rttMs(48.8566, 2.3522, 52.52, 13.405)).isCloseTo(14.2, within(0.2));
    }
}
