package dev.continuum.scheduler.plugins.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RealtimeFitTest {

    @ParameterizedTest(name = "node realtime {0}, component realtime {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | true  | fits
            false | true  | no dedicated cores
            false | false | fits
            true  | false | fits
            """)
    void realtimeNeedsDedicatedCores(boolean nodeRealtime, boolean wantsRealtime, String verdict) {
        MakeNode node = MakeNode.named("n");
        if (nodeRealtime) {
            node.realtime();
        }
        MakeInstance instance = MakeInstance.named("i");
        if (wantsRealtime) {
            instance.realtime();
        }

        assertThat(PluginCheck.of(instance.obj(), node.obj()).verdict(new RealtimeFit(), "n"))
                .isEqualTo(verdict);
    }
}
