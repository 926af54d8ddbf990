package dev.continuum.scheduler.plugins.resources;

import dev.continuum.scheduler.BoundInstance;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.Amounts;
import dev.continuum.scheduler.framework.CapacityFilter;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.ScorePlugin;

/**
 * Filter: the component's cpu and memory requests must fit in what the node can allocate less what
 * its bound, unfinished instances request. Score, per profile: {@link Strategy#LEAST_ALLOCATED}
 * keeps headroom everywhere (spreading), {@link Strategy#MOST_ALLOCATED} fills nodes up first
 * (bin-packing, so idle nodes can sleep).
 */
public final class ResourcesFit implements PreFilterPlugin, CapacityFilter, ScorePlugin {

    public static final String NAME = "ResourcesFit";

    static final FilterResult INSUFFICIENT_CPU = FilterResult.rejected("insufficient cpu");
    static final FilterResult INSUFFICIENT_MEMORY = FilterResult.rejected("insufficient memory");

    /** How nodes that fit are ranked by their use after placement. */
    public enum Strategy {
        /** Score is the share left free: spreads load. */
        LEAST_ALLOCATED,
        /** Score is the share used: packs load. */
        MOST_ALLOCATED
    }

    private final Strategy strategy;

    public ResourcesFit(Strategy strategy) {
        this.strategy = strategy;
    }

    public Strategy strategy() {
        return strategy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        return state.cpuMilli() == 0 && state.memoryBytes() == 0 ? PreFilterResult.skip() : PreFilterResult.proceed();
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        BoundInstance self = state.selfOn(node);
        long freeCpu = node.freeCpuMilli() + (self == null ? 0 : self.cpuMilli());
        if (state.cpuMilli() > freeCpu) {
            return INSUFFICIENT_CPU;
        }
        long freeMemory = node.freeMemoryBytes() + (self == null ? 0 : self.memoryBytes());
        return state.memoryBytes() > freeMemory ? INSUFFICIENT_MEMORY : FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        BoundInstance self = state.selfOn(node);
        long freeCpu = node.freeCpuMilli() + (self == null ? 0 : self.cpuMilli());
        if (state.cpuMilli() > freeCpu) {
            return "requests " + Amounts.cpu(state.cpuMilli()) + " cpu; " + Amounts.cpu(Math.max(0, freeCpu)) + " of "
                    + Amounts.cpu(node.allocatableCpuMilli()) + " free";
        }
        long freeMemory = node.freeMemoryBytes() + (self == null ? 0 : self.memoryBytes());
        return "requests " + Amounts.bytes(state.memoryBytes()) + " memory; " + Amounts.bytes(Math.max(0, freeMemory))
                + " of " + Amounts.bytes(node.allocatableMemoryBytes()) + " free";
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        BoundInstance self = state.selfOn(node);
        long cpuAfter = node.usedCpuMilli() - (self == null ? 0 : self.cpuMilli()) + state.cpuMilli();
        long memoryAfter = node.usedMemoryBytes() - (self == null ? 0 : self.memoryBytes()) + state.memoryBytes();
        double sum = 0;
        int parts = 0;
        if (node.allocatableCpuMilli() > 0) {
            sum += share(cpuAfter, node.allocatableCpuMilli());
            parts++;
        }
        if (node.allocatableMemoryBytes() > 0) {
            sum += share(memoryAfter, node.allocatableMemoryBytes());
            parts++;
        }
        return parts == 0 ? 0 : 100 * sum / parts;
    }

    private double share(long used, long allocatable) {
        double usedShare = Math.min(1, Math.max(0, (double) used / allocatable));
        return strategy == Strategy.MOST_ALLOCATED ? usedShare : 1 - usedShare;
    }
}
