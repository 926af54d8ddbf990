package dev.continuum.scheduler.network;

import java.util.Optional;

/**
 * A latency target looked up in the view: the target, or why there is none ({@code latency target
 * node "x" is not in the cluster}, {@code device car-7 has no known attachment}).
 */
public record TargetResolution(NetworkTarget target, String problem) {

    static TargetResolution of(NetworkTarget target, String problemIfEmpty) {
        return target.isEmpty() ? new TargetResolution(null, problemIfEmpty) : new TargetResolution(target, null);
    }

    static TargetResolution missing(String problem) {
        return new TargetResolution(null, problem);
    }

    public Optional<NetworkTarget> found() {
        return Optional.ofNullable(target);
    }
}
