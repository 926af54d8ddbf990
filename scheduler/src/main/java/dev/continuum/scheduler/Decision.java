package dev.continuum.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus.Rejection;
import dev.continuum.model.InstanceStatus.SchedulingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's answer for one request.
 *
 * <pre>
 *   PLACED         bind the instance to node()
 *   PREEMPT        evict victims(), then schedule again: node() should fit by then
 *   UNSCHEDULABLE  nothing fits; write schedulingStatus(now) to the instance and retry later
 *   BIND_FAILED    a node was chosen but the binder lost the write; schedule again
 * </pre>
 *
 * @param nodeName the chosen (PLACED) or nominated (PREEMPT) node; null otherwise
 * @param score the chosen node's weighted score, 0–100
 * @param summary one readable line, e.g. {@code 0/1200 nodes fit: 900 wrong tier, 300 insufficient cpu}
 * @param rejections a sample of rejected nodes, each with the plugin that said no and why, spread
 *     over the kinds of rejection; empty when placed
 * @param nodes nodes in the view
 * @param checked nodes the filters looked at one by one
 * @param fit fitting nodes found and ranked
 */
public record Decision(
        Outcome outcome,
        String nodeName,
        double score,
        String summary,
        List<Rejection> rejections,
        List<Victim> victims,
        String profile,
        int nodes,
        int checked,
        int fit) {

    /** How a decision ended. */
    public enum Outcome {
        PLACED,
        PREEMPT,
        UNSCHEDULABLE,
        BIND_FAILED
    }

    public Decision {
        rejections = List.copyOf(rejections);
        victims = List.copyOf(victims);
    }

    /** True when the instance can be bound to {@link #node()} now. */
    public boolean placed() {
        return outcome == Outcome.PLACED;
    }

    /** The chosen node when placed, the nominated one when preempting. */
    public Optional<String> node() {
        return Optional.ofNullable(nodeName);
    }

    /** The instance bound to the chosen node: what to write to the store, then to the cluster state. */
    public Instance bind(Instance instance) {
        if (!placed()) {
            throw new IllegalStateException("nothing to bind: " + summary);
        }
        return instance.withSpec(instance.spec().withNode(nodeName));
    }

    /** What to write to {@code status.scheduling} of an instance that was not placed. */
    public SchedulingStatus schedulingStatus(Instant now) {
        return new SchedulingStatus(summary, rejections, now);
    }

    Decision withOutcome(Outcome value, String why) {
        return new Decision(value, nodeName, score, why, rejections, victims, profile, nodes, checked, fit);
    }

    @Override
    public String toString() {
        return outcome + ": " + summary;
    }
}
