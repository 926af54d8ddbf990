package dev.continuum.scheduler.plugins.energy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnergyScoreTest {

    @ParameterizedTest(name = "{0}: score {1}")
    @CsvSource(delimiter = '|', textBlock = """
            frugal   | 100
            hungry   | 0
            middling | 50
            silent   | 50
            """)
    void prefersFewerWattsPerCore(String node, double score) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").obj(),
                MakeNode.named("frugal").cpu("4").watts(20).obj(),
                MakeNode.named("hungry").cpu("4").watts(100).obj(),
                MakeNode.named("middling").cpu("8").watts(120).obj(),
                MakeNode.named("silent").cpu("4").obj());

        assertThat(check.score(new EnergyScore(), node)).isEqualTo(score);
    }
}
