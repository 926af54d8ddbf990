package dev.continuum.scheduler.plugins.platform;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.StateKey;
import java.util.List;
import java.util.function.Function;

/** Rejects nodes whose arch or os is not among {@code placement.arch} / {@code placement.os}. */
public final class PlatformFit implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "PlatformFit";

    private record Wanted(List<String> arch, List<String> os, FilterResult wrongArch, FilterResult wrongOs) {}

    private static final StateKey<Wanted> KEY = StateKey.of(Wanted.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        List<String> arch = state.placement().arch();
        List<String> os = state.placement().os();
        if (arch.isEmpty() && os.isEmpty()) {
            return PreFilterResult.skip();
        }
        Wanted w = new Wanted(
                arch,
                os,
                arch.isEmpty() ? null : FilterResult.rejected("arch not " + String.join(" or ", arch)),
                os.isEmpty() ? null : FilterResult.rejected("os not " + String.join(" or ", os)));
        state.write(KEY, w);
        PreFilterResult result = null;
        if (!arch.isEmpty()) {
            result = PreFilterResult.restrict(w.wrongArch().summary(), sets(arch, state.view()::nodesWithArch));
        }
        if (!os.isEmpty()) {
            NodeSet[] sets = sets(os, state.view()::nodesWithOs);
            result = result == null
                    ? PreFilterResult.restrict(w.wrongOs().summary(), sets)
                    : result.thenRestrict(w.wrongOs().summary(), sets);
        }
        return result;
    }

    private static NodeSet[] sets(List<String> names, Function<String, NodeSet> index) {
        return names.stream().filter(n -> n != null).map(index).toArray(NodeSet[]::new);
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        Wanted w = state.read(KEY);
        if (!w.arch().isEmpty() && !offers(w.arch(), node.arch())) {
            return w.wrongArch();
        }
        if (!w.os().isEmpty() && !offers(w.os(), node.os())) {
            return w.wrongOs();
        }
        return FilterResult.fits();
    }

    private static boolean offers(List<String> wanted, String actual) {
        return actual != null && wanted.contains(actual);
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        Wanted w = state.read(KEY);
        if (!w.arch().isEmpty() && !offers(w.arch(), node.arch())) {
            return "node arch is " + (node.arch() == null ? "unknown" : node.arch()) + "; component needs "
                    + String.join(" or ", w.arch());
        }
        return "node os is " + (node.os() == null ? "unknown" : node.os()) + "; component needs "
                + String.join(" or ", w.os());
    }
}
