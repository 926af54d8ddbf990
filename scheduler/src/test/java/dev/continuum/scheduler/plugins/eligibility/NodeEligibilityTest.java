package dev.continuum.scheduler.plugins.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Node;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeEligibilityTest {

    private static Node node(String kind) {
        MakeNode n = MakeNode.named("n");
        return switch (kind) {
            case "ready" -> n.obj();
            case "not ready" -> n.notReady().obj();
            case "never ready" -> n.neverReady().obj();
            case "cordoned" -> n.unschedulable().obj();
            case "cordoned and not ready" -> n.unschedulable().notReady().obj();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} node: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ready                  | fits
            not ready              | not ready
            never ready            | not ready
            cordoned               | unschedulable
            cordoned and not ready | not ready
            """)
    void takesOnlyReadySchedulableNodes(String kind, String verdict) {
        PluginCheck check = PluginCheck.of(MakeInstance.named("i").obj(), node(kind));

        assertThat(check.verdict(new NodeEligibility(), "n")).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} node: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            not ready   | node is not Ready (Ready=False, Test)
            never ready | node has never reported Ready
            cordoned    | node is cordoned (spec.unschedulable)
            """)
    void saysWhy(String kind, String reason) {
        PluginCheck check = PluginCheck.of(MakeInstance.named("i").obj(), node(kind));

        assertThat(check.reason(new NodeEligibility(), "n")).isEqualTo(reason);
    }
}
