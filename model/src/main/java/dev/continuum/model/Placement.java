package dev.continuum.model;

import java.util.List;
import java.util.Map;

/**
 * Where a component may run (hard constraints) and where it would rather run (preferences).
 *
 * <p>Hard: {@code tiers}, {@code arch}, {@code os}, {@code nodeSelector}, {@code tolerations},
 * {@code accelerators}, {@code maxLatencyMs} to {@code latencyTarget}, {@code minBandwidthMbps},
 * {@code minBatteryPercent}, {@code mainsOnly}, {@code realtime}, {@code spread}. Soft:
 * {@code preferredTiers} (in order), {@code preferredAccelerators}, and the scoring of the profile.
 * {@code near} names a Device whose attachment point the component should follow.
 */
public record Placement(
        List<Tier> tiers,
        List<Tier> preferredTiers,
        List<String> arch,
        List<String> os,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        List<AcceleratorRequest> accelerators,
        List<AcceleratorRequest> preferredAccelerators,
        Double maxLatencyMs,
        LatencyTarget latencyTarget,
        Double minBandwidthMbps,
        Double minBatteryPercent,
        Boolean mainsOnly,
        Boolean realtime,
        List<SpreadConstraint> spread,
        String near) {

    public static final Placement NONE = new Placement(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public Placement {
        tiers = Collections2.list(tiers);
        preferredTiers = Collections2.list(preferredTiers);
        arch = Collections2.list(arch);
        os = Collections2.list(os);
        nodeSelector = Collections2.map(nodeSelector);
        tolerations = Collections2.list(tolerations);
        accelerators = Collections2.list(accelerators);
        preferredAccelerators = Collections2.list(preferredAccelerators);
        spread = Collections2.list(spread);
    }

    public static Placement tiers(Tier... tiers) {
        return NONE.withTiers(List.of(tiers));
    }

    public Placement withTiers(List<Tier> value) {
        return new Placement(
                value,
                preferredTiers,
                arch,
                os,
                nodeSelector,
                tolerations,
                accelerators,
                preferredAccelerators,
                maxLatencyMs,
                latencyTarget,
                minBandwidthMbps,
                minBatteryPercent,
                mainsOnly,
                realtime,
                spread,
                near);
    }

    public Placement withArch(List<String> value) {
        return new Placement(
                tiers,
                preferredTiers,
                value,
                os,
                nodeSelector,
                tolerations,
                accelerators,
                preferredAccelerators,
                maxLatencyMs,
                latencyTarget,
                minBandwidthMbps,
                minBatteryPercent,
                mainsOnly,
                realtime,
                spread,
                near);
    }

    public Placement withNodeSelector(Map<String, String> value) {
        return new Placement(
                tiers,
                preferredTiers,
                arch,
                os,
                value,
                tolerations,
                accelerators,
                preferredAccelerators,
                maxLatencyMs,
                latencyTarget,
                minBandwidthMbps,
                minBatteryPercent,
                mainsOnly,
                realtime,
                spread,
                near);
    }
}
