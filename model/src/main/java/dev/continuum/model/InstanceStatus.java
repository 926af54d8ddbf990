package dev.continuum.model;

import java.time.Instant;
import java.util.List;

/**
 * What happened to an Instance: its phase, why, restarts, exit code, and — while it waits for a
 * node — the scheduler's verdict.
 *
 * @param address where the copy answers (the node's gateway), once running
 * @param scheduling why no node fits, while it is Pending
 */
public record InstanceStatus(
        InstancePhase phase,
        String reason,
        String message,
        String address,
        Instant startTime,
        Instant lastTransitionTime,
        int restarts,
        Integer exitCode,
        long observedEpoch,
        SchedulingStatus scheduling) {

    public static final InstanceStatus PENDING =
            new InstanceStatus(InstancePhase.PENDING, null, null, null, null, null, 0, null, 0, null);

    public InstanceStatus {
        phase = phase == null ? InstancePhase.PENDING : phase;
    }

    public InstanceStatus withPhase(InstancePhase value, String why, String text, Instant now) {
        return new InstanceStatus(
                value, why, text, address, startTime, now, restarts, exitCode, observedEpoch, scheduling);
    }

    public InstanceStatus withScheduling(SchedulingStatus value) {
        return new InstanceStatus(
                phase,
                reason,
                message,
                address,
                startTime,
                lastTransitionTime,
                restarts,
                exitCode,
                observedEpoch,
                value);
    }

    public InstanceStatus withRestarts(int value) {
        return new InstanceStatus(
                phase,
                reason,
                message,
                address,
                startTime,
                lastTransitionTime,
                value,
                exitCode,
                observedEpoch,
                scheduling);
    }

    public InstanceStatus withExitCode(Integer value) {
        return new InstanceStatus(
                phase,
                reason,
                message,
                address,
                startTime,
                lastTransitionTime,
                restarts,
                value,
                observedEpoch,
                scheduling);
    }

    public InstanceStatus withAddress(String value) {
        return new InstanceStatus(
                phase,
                reason,
                message,
                value,
                startTime,
                lastTransitionTime,
                restarts,
                exitCode,
                observedEpoch,
                scheduling);
    }

    public InstanceStatus withStartTime(Instant value) {
        return new InstanceStatus(
                phase,
                reason,
                message,
                address,
                value,
                lastTransitionTime,
                restarts,
                exitCode,
                observedEpoch,
                scheduling);
    }

    public InstanceStatus withObservedEpoch(long value) {
        return new InstanceStatus(
                phase, reason, message, address, startTime, lastTransitionTime, restarts, exitCode, value, scheduling);
    }

    /**
     * The scheduler's verdict for a copy no node fits.
     *
     * @param summary one readable line, e.g. {@code 0/3 nodes fit: 2 wrong tier, 1 insufficient memory}
     * @param rejections per node, the plugin that rejected it and why
     */
    public record SchedulingStatus(String summary, List<Rejection> rejections, Instant lastAttempt) {
        public SchedulingStatus {
            rejections = Collections2.list(rejections);
        }
    }

    /** One node that did not fit: which plugin said no, and why. */
    public record Rejection(String node, String plugin, String reason) {}
}
