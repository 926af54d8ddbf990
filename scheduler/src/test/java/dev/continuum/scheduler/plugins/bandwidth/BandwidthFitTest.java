package dev.continuum.scheduler.plugins.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.Fleet;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BandwidthFitTest {

    @ParameterizedTest(name = "{0} with 40 Mbps to site factory-3: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1   | fits
            edge-1 | fits
            cloud  | fits
            edge-2 | fits
            gw-3   | bandwidth < 40 Mbps to site factory-3
            gw-2   | bandwidth to site factory-3 unknown
            far    | bandwidth to site factory-3 unknown
            """)
    void needsBandwidthOnThePathToTheTarget(String node, String verdict) {
        MakeInstance instance =
                MakeInstance.named("i").maxLatencyToSite("factory-3", 1000).minBandwidthMbps(40);

        assertThat(PluginCheck.of(PlacementRequest.of(instance.obj()), Fleet.state())
                        .verdict(new BandwidthFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} with a 100 Mbps uplink: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            cloud  | fits
            edge-1 | fits
            gw-3   | fits
            gw-1   | uplink < 100 Mbps
            gw-2   | uplink bandwidth unknown
            lonely | fits
            """)
    void withoutATargetNeedsItOnTheUplink(String node, String verdict) {
        MakeInstance instance = MakeInstance.named("i").minBandwidthMbps(100);

        assertThat(PluginCheck.of(PlacementRequest.of(instance.obj()), Fleet.state())
                        .verdict(new BandwidthFit(), node))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gw-1 | the uplink offers 50 Mbps (needs 100 Mbps)
            gw-2 | no measured bandwidth on the uplink
            """)
    void saysWhatThePathOffers(String node, String reason) {
        MakeInstance instance = MakeInstance.named("i").minBandwidthMbps(100);

        assertThat(PluginCheck.of(PlacementRequest.of(instance.obj()), Fleet.state())
                        .reason(new BandwidthFit(), node))
                .isEqualTo(reason);
    }
}
