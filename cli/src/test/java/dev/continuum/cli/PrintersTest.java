package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Condition;
import dev.continuum.model.Kind;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static Node node(String status, String reason) {
        NodeStatus s = NodeStatus.EMPTY;
        if (status != null) {
            s = s.withCondition(new Condition("Ready", status, reason, null, NOW, NOW));
        }
        return Node.of(ObjectMeta.named("n1").withCreationTimestamp(NOW.minusSeconds(90)), NodeSpec.EMPTY, s);
    }

    @ParameterizedTest(name = "Ready={0} reason={1} shows {2}")
    @CsvSource({
        "True, NodeReady, Ready",
        "False, NodeUnreachable, Unreachable",
        "False, NodeLost, Lost",
        "False, AgentStopped, NotReady",
        ", , NotReady"
    })
    void nodeStatusSaysWhyANodeIsNotReady(String status, String reason, String shown) {
        assertThat(Printers.nodeState(node(status, reason))).isEqualTo(shown);
        StringWriter out = new StringWriter();
        Printers.table(Kind.NODE, List.of(node(status, reason)), false, false, NOW)
                .print(new PrintWriter(out));
        assertThat(out.toString()).containsPattern("n1\\s+" + shown + "\\s").contains("90s");
    }

    @ParameterizedTest(name = "{0} bytes are {1}")
    @CsvSource({"512, 512", "1024, 1Ki", "1572864, 1.5Mi", "25275219968, 24Gi"})
    void memoryIsShownForPeople(long bytes, String shown) {
        assertThat(Printers.bytes(bytes)).isEqualTo(shown);
    }
}
