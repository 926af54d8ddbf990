package dev.continuum.scheduler.plugins.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.PluginCheck;
import dev.continuum.scheduler.plugins.resources.ResourcesFit.Strategy;
import dev.continuum.testing.MakeInstance;
import dev.continuum.testing.MakeNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesFitTest {

    private static PluginCheck check(
            String nodeCpu, String nodeMemory, String usedCpu, String usedMemory, String cpu, String memory) {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("n").cpu(nodeCpu).memory(nodeMemory).obj()),
                List.of(MakeInstance.named("other")
                        .cpu(usedCpu)
                        .memory(usedMemory)
                        .node("n")
                        .obj()));
        return PluginCheck.of(
                PlacementRequest.of(
                        MakeInstance.named("i").cpu(cpu).memory(memory).obj()),
                state);
    }

    @ParameterizedTest(name = "node {0}/{1} with {2}/{3} used, asks {4}/{5}: {6}")
    @CsvSource(delimiter = '|', textBlock = """
            4 | 8Gi | 1    | 1Gi | 3    | 7Gi   | fits
            4 | 8Gi | 1    | 1Gi | 3100m| 1Gi   | insufficient cpu
            4 | 8Gi | 1    | 1Gi | 1    | 7169Mi| insufficient memory
            4 | 8Gi | 4    | 8Gi | 0    | 0     | fits
            4 | 8Gi | 3    | 8Gi | 1    | 1     | insufficient memory
            """)
    void fitsWhatIsLeft(
            String nodeCpu,
            String nodeMemory,
            String usedCpu,
            String usedMemory,
            String cpu,
            String memory,
            String verdict) {
        assertThat(check(nodeCpu, nodeMemory, usedCpu, usedMemory, cpu, memory)
                        .verdict(new ResourcesFit(Strategy.LEAST_ALLOCATED), "n"))
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "node 4/8Gi with {0}/{1} used, asks {2}/{3}")
    @CsvSource(delimiter = '|', textBlock = """
            3 | 1Gi | 2 | 1Gi  | requests 2 cpu; 1 of 4 free
            1 | 7Gi | 1 | 2Gi  | requests 2Gi memory; 1Gi of 8Gi free
            """)
    void saysWhatIsFree(String usedCpu, String usedMemory, String cpu, String memory, String reason) {
        assertThat(check("4", "8Gi", usedCpu, usedMemory, cpu, memory)
                        .reason(new ResourcesFit(Strategy.LEAST_ALLOCATED), "n"))
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}: node 4/8Gi with {1}/{2} used, asks 1/2Gi: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            LEAST_ALLOCATED | 1 | 2Gi | 50
            MOST_ALLOCATED  | 1 | 2Gi | 50
            LEAST_ALLOCATED | 0 | 0   | 75
            MOST_ALLOCATED  | 0 | 0   | 25
            MOST_ALLOCATED  | 3 | 6Gi | 100
            LEAST_ALLOCATED | 3 | 0   | 37.5
            """)
    void scoresByTheShareLeftOrUsed(Strategy strategy, String usedCpu, String usedMemory, double score) {
        ClusterState state = ClusterState.of(
                List.of(MakeNode.named("n").cpu("4").memory("8Gi").obj()),
                List.of(MakeInstance.named("other")
                        .cpu(usedCpu)
                        .memory(usedMemory)
                        .node("n")
                        .obj()));
        PluginCheck check = PluginCheck.of(
                PlacementRequest.of(
                        MakeInstance.named("i").cpu("1").memory("2Gi").obj()),
                state);

        assertThat(check.score(new ResourcesFit(strategy), "n")).isEqualTo(score);
    }

    @ParameterizedTest(name = "a running copy asking {0} cpu still fits its own full node")
    @CsvSource({"4"})
    void aCopyIsNotCountedAgainstItself(String cpu) {
        var running = MakeInstance.named("i").cpu(cpu).node("n").obj();
        ClusterState state =
                ClusterState.of(List.of(MakeNode.named("n").cpu("4").obj()), List.of(running));

        assertThat(PluginCheck.of(PlacementRequest.of(running), state)
                        .verdict(new ResourcesFit(Strategy.LEAST_ALLOCATED), "n"))
                .isEqualTo("fits");
    }
}
