package dev.continuum.scheduler.plugins.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeFitTest {

    @ParameterizedTest(name = "node runs [{0}], component is {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            wasm           | module    | fits
            wasm           | container | no container runtime
            container      | module    | no wasm runtime
            container      | container | fits
            wasm,container | container | fits
            ''             | module    | fits
            ''             | container | no container runtime
            """)
    void placesOnlyWhereTheRuntimeIs(String runtimes, String kind, String verdict) {
        MakeNode node = MakeNode.named("n");
        if (!runtimes.isEmpty()) {
            node.runtimes(runtimes.split(","));
        } else {
            node.runtimes();
        }
        MakeInstance instance = MakeInstance.named("i");
        if (kind.equals("container")) {
            instance.container("registry.example/app:1");
        }

        assertThat(PluginCheck.of(instance.obj(), node.obj()).verdict(new RuntimeFit(), "n"))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node runs [{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            wasm | node runs wasm; component needs container
            """)
    void saysWhatTheNodeRuns(String runtimes, String reason) {
        PluginCheck check = PluginCheck.of(
                MakeInstance.named("i").container("img").obj(),
                MakeNode.named("n").runtimes(runtimes).obj());

        assertThat(check.reason(new RuntimeFit(), "n")).isEqualTo(reason);
    }
}
