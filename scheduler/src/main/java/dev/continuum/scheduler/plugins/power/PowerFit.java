package dev.continuum.scheduler.plugins.power;

import dev.continuum.model.PowerSource;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.Amounts;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.ScorePlugin;
import dev.continuum.scheduler.framework.StateKey;

/**
 * Filter: with {@code mainsOnly}, the node must be on mains; with {@code minBatteryPercent}, a node
 * on battery or solar must report at least that charge. A node that reports no power is taken to
 * be on mains: datacentre machines do not report it.
 *
 * <p>Score: mains 100; solar 60 plus 0.4 per percent of charge (60 when unknown); battery 0.8 per
 * percent (0 when unknown) — so work drifts off the nodes that would die first.
 */
public final class PowerFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {

    public static final String NAME = "PowerFit";

    static final FilterResult NOT_ON_MAINS = FilterResult.rejected("not on mains");
    static final FilterResult BATTERY_UNKNOWN = FilterResult.rejected("battery level unknown");

    private record Limits(boolean mainsOnly, double minBattery, FilterResult lowBattery) {}

    private static final StateKey<Limits> KEY = StateKey.of(Limits.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        boolean mainsOnly = Boolean.TRUE.equals(state.placement().mainsOnly());
        Double min = state.placement().minBatteryPercent();
        if (!mainsOnly && min == null) {
            return PreFilterResult.skip();
        }
        double floor = min == null ? 0 : min;
        state.write(KEY, new Limits(mainsOnly, floor, FilterResult.rejected("battery < " + Amounts.percent(floor))));
        return PreFilterResult.proceed();
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        PowerSource source = node.powerSource();
        if (source == null || source == PowerSource.MAINS) {
            return FilterResult.fits();
        }
        Limits limits = state.read(KEY);
        if (limits.mainsOnly()) {
            return NOT_ON_MAINS;
        }
        double battery = node.batteryPercent();
        if (Double.isNaN(battery)) {
            return limits.minBattery() > 0 ? BATTERY_UNKNOWN : FilterResult.fits();
        }
        return battery < limits.minBattery() ? limits.lowBattery() : FilterResult.fits();
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        Limits limits = state.read(KEY);
        String source = node.powerSource().wireName();
        if (limits.mainsOnly()) {
            return "node runs on " + source + "; component needs mains";
        }
        return "node runs on " + source + " at " + Amounts.percent(node.batteryPercent()) + "; component needs "
                + Amounts.percent(limits.minBattery());
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        PowerSource source = node.powerSource();
        double battery = node.batteryPercent();
        if (source == null || source == PowerSource.MAINS) {
            return 100;
        }
        if (source == PowerSource.SOLAR) {
            return Double.isNaN(battery) ? 60 : 60 + 0.4 * battery;
        }
        return Double.isNaN(battery) ? 0 : 0.8 * battery;
    }
}
