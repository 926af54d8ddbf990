package dev.continuum.scheduler;

import dev.continuum.scheduler.framework.Amounts;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One node's verdict in an explanation: either the plugin that rejected it and why, or its total
 * score and the terms that make it up.
 *
 * @param plugin the rejecting plugin; null when the node fits
 * @param reason why that plugin rejected it; null when it fits
 * @param score weighted total, 0–100; 0 when rejected
 */
public record NodeVerdict(
        String node, boolean fits, String plugin, String reason, double score, List<ScoreTerm> scores) {

    public NodeVerdict {
        scores = List.copyOf(scores);
    }

    static NodeVerdict rejected(String node, String plugin, String reason) {
        return new NodeVerdict(node, false, plugin, reason, 0, List.of());
    }

    static NodeVerdict fitting(String node, double score, List<ScoreTerm> scores) {
        return new NodeVerdict(node, true, null, null, score, scores);
    }

    /** {@code n5  rejected by TierFit: node is gateway; allowed: cloud} or {@code n7  fits, score 83.2 (...)}. */
    @Override
    public String toString() {
        if (!fits) {
            return node + "  rejected by " + plugin + ": " + reason;
        }
        return node + "  fits, score " + Amounts.number(score) + " ("
                + scores.stream().map(ScoreTerm::toString).collect(Collectors.joining(", ")) + ")";
    }
}
