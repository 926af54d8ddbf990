package dev.continuum.scheduler.plugins.nodeselector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSelectorFitTest {

    private static PluginCheck check(String labels, String selector) {
        MakeNode node = MakeNode.named("n");
        for (String pair : labels.split(",")) {
            if (!pair.isEmpty()) {
                node.label(pair.split("=")[0], pair.split("=")[1]);
            }
        }
        MakeInstance instance = MakeInstance.named("i");
        for (String pair : selector.split(",")) {
            if (!pair.isEmpty()) {
                instance.nodeSelector(pair.split("=")[0], pair.split("=")[1]);
            }
        }
        return PluginCheck.of(instance.obj(), node.obj());
    }

    @ParameterizedTest(name = "labels [{0}], selector [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            disk=ssd          | ''              | fits
            disk=ssd          | disk=ssd        | fits
            disk=hdd          | disk=ssd        | no label disk=ssd
            ''                | disk=ssd        | no label disk=ssd
            disk=ssd,zone=a   | disk=ssd,zone=a | fits
            disk=ssd,zone=b   | disk=ssd,zone=a | labels do not match disk=ssd, zone=a
            """)
    void requiresEveryLabel(String labels, String selector, String verdict) {
        assertThat(check(labels, selector).verdict(new NodeSelectorFit(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "labels [{0}], selector [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            disk=hdd | disk=ssd | node label disk is hdd (wants ssd)
            zone=a   | disk=ssd | node has no label disk (wants ssd)
            """)
    void saysWhichLabelIsWrong(String labels, String selector, String reason) {
        assertThat(check(labels, selector).reason(new NodeSelectorFit(), "n")).isEqualTo(reason);
    }
}
