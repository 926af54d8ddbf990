package dev.continuum.scheduler.plugins.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.LatencyTarget;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Fleet;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyFitTest {

    private static PluginCheck check(MakeInstance instance) {
        ClusterState state = Fleet.state();
        state.attachDevice("car-7", "gw-3");
        return PluginCheck.of(PlacementRequest.of(instance.obj()), state);
    }

    @ParameterizedTest(name = "{0} within 30 ms of site factory-3: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1   | fits
            edge-1 | fits
            cloud  | fits
            gw-2   | fits
            gw-3   | fits
            edge-2 | latency > 30 ms to site factory-3
            lonely | latency to site factory-3 unknown
            far    | fits
            """)
    void limitsLatencyToASite(String node, String verdict) {
        assertThat(check(MakeInstance.named("i").maxLatencyToSite("factory-3", 30))
                        .verdict(new LatencyFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} within {1} ms of node {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            edge-2 | 30 | gw-3  | fits
            edge-1 | 30 | gw-3  | latency > 30 ms to node gw-3
            edge-1 | 12 | gw-1  | fits
            far    | 10 | cloud | latency > 10 ms to node cloud
            """)
    void limitsLatencyToANode(String node, double ms, String target, String verdict) {
        assertThat(check(MakeInstance.named("i").maxLatencyToNode(target, ms)).verdict(new LatencyFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} within 5 ms of device car-7 (at gw-3): {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-3   | fits
            edge-2 | fits
            gw-1   | latency > 5 ms to device car-7 (at gw-3)
            """)
    void followsTheDevicesAttachment(String node, String verdict) {
        assertThat(check(MakeInstance.named("i").maxLatencyToDevice("car-7", 5)).verdict(new LatencyFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "target {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            node ghost     | latency target node ghost is not in the cluster
            site moon      | latency target site moon has no nodes
            device bike-1  | device bike-1 has no known attachment
            """)
    void aTargetThatDoesNotResolveRejectsEveryNode(String target, String verdict) {
        String[] t = target.split(" ");
        LatencyTarget lt = switch (t[0]) {
            case "node" -> new LatencyTarget(t[1], null, null, null);
            case "site" -> new LatencyTarget(null, t[1], null, null);
            default -> new LatencyTarget(null, null, t[1], null);
        };

        assertThat(check(MakeInstance.named("i").maxLatency(lt, 50)).verdict(new LatencyFit(), "gw-1"))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} to a point in Lisbon within {1} ms: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            far   | 5  | fits
            cloud | 5  | latency > 5 ms to location 38.7200,-9.1400
            """)
    void estimatesLatencyToAPlaceFromGeography(String node, double ms, String verdict) {
        assertThat(check(MakeInstance.named("i").maxLatencyToLocation(38.72, -9.14, ms))
                        .verdict(new LatencyFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            edge-2 | 48 ms to site factory-3 (limit 30 ms)
            lonely | no measured, composed or geographic path to site factory-3
            """)
    void saysHowFarTheNodeIs(String node, String reason) {
        assertThat(check(MakeInstance.named("i").maxLatencyToSite("factory-3", 30))
                        .reason(new LatencyFit(), node))
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}: score {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1   | 100
            edge-1 | 76.9
            cloud  | 30.3
            lonely | 0
            """)
    void prefersCloserNodes(String node, double score) {
        PluginCheck check =
                check(MakeInstance.named("i").latencyTarget(new LatencyTarget(null, "factory-3", null, null)));

        assertThat(check.score(new LatencyFit(), node)).isCloseTo(score, Offset.offset(0.05));
    }

    @ParameterizedTest(name = "near car-7: {0} scores {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-3 | 100
            """)
    void prefersNodesNearTheDeviceItFollows(String node, double score) {
        assertThat(check(MakeInstance.named("i").near("car-7")).score(new LatencyFit(), node))
                .isEqualTo(score);
    }

    @ParameterizedTest(name = "no target: the scorer sits out on {0}")
    @CsvSource({"gw-1"})
    void sitsOutWithoutATarget(String node) {
        assertThat(check(MakeInstance.named("i")).score(new LatencyFit(), node)).isNaN();
    }
}
