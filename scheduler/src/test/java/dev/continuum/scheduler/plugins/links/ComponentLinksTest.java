package dev.continuum.scheduler.plugins.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.Fleet;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentLinksTest {

    private static PluginCheck check(String peerNodes, Double maxMs) {
        List<String> nodes = peerNodes.isEmpty() ? List.of() : Arrays.asList(peerNodes.split(","));
        PlacementRequest request =
                PlacementRequest.of(MakeInstance.named("i").obj()).withPeer("db", maxMs, nodes);
        return PluginCheck.of(request, Fleet.state());
    }

    @ParameterizedTest(name = "{0} with db on [{1}] within {2} ms: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            edge-1 | gw-1        | 10 | fits
            edge-2 | gw-1        | 10 | latency > 10 ms to component db
            edge-2 | gw-1,gw-3   | 10 | fits
            lonely | gw-1        | 10 | latency to component db unknown
            lonely | ''          | 10 | fits
            lonely | ghost       | 10 | fits
            """)
    void staysWithinTheLinksLatencyOfTheNearestPeer(String node, String peers, double maxMs, String verdict) {
        assertThat(check(peers, maxMs).verdict(new ComponentLinks(), node)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} with db on [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            edge-2 | gw-1 | 48 ms to the nearest copy of db (limit 10 ms)
            """)
    void saysHowFarThePeerIs(String node, String peers, String reason) {
        assertThat(check(peers, 10.0).reason(new ComponentLinks(), node)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} with db on [{1}], no limit: score {2}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1   | gw-1 | 100
            edge-1 | gw-1 | 76.9
            edge-2 | gw-1 | 17.2
            """)
    void prefersShortLinksEvenWithoutALimit(String node, String peers, double score) {
        PluginCheck check = check(peers, null);

        assertThat(check.verdict(new ComponentLinks(), node)).isEqualTo("fits");
        assertThat(check.score(new ComponentLinks(), node)).isCloseTo(score, Offset.offset(0.05));
    }
}
