package dev.continuum.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * Why a request lands where it does: the decision the scheduler makes, and the exhaustive verdict
 * of every node — fitting nodes best first with their score breakdown, then rejected nodes by name
 * with the plugin that rejected each and why.
 *
 * @param summary the exhaustive count, e.g. {@code 120/1200 nodes fit: 900 wrong tier, 180 insufficient cpu}
 */
public record Explanation(Decision decision, String summary, List<NodeVerdict> nodes) {

    public Explanation {
        nodes = List.copyOf(nodes);
    }

    /** The verdict of one node, if the view has it. */
    public Optional<NodeVerdict> node(String name) {
        return nodes.stream().filter(v -> v.node().equals(name)).findFirst();
    }

    /** Text for a terminal: the decision, the summary, then at most {@code limit} node lines. */
    public String render(int limit) {
        StringBuilder out = new StringBuilder();
        out.append("decision: ").append(decision).append('\n');
        out.append("nodes:    ").append(summary).append('\n');
        int shown = 0;
        for (NodeVerdict v : nodes) {
            if (shown++ == limit) {
                out.append("  ... ").append(nodes.size() - limit).append(" more\n");
                break;
            }
            out.append("  ").append(v).append('\n');
        }
        return out.toString();
    }
}
