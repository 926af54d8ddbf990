package dev.continuum.scheduler.plugins.taints;

import dev.continuum.model.Taint;
import dev.continuum.model.Toleration;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.NodeSet;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.ScorePlugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Filter: every {@code NoSchedule} or {@code NoExecute} taint of the node must be tolerated by one
 * of {@code placement.tolerations}. Score: each untolerated {@code PreferNoSchedule} taint lowers
 * it, 100 / (1 + untolerated).
 */
public final class TaintToleration implements PreFilterPlugin, FilterPlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

    /** One rejection per distinct taint, shared by all decisions so that counting matches by identity. */
    private final ConcurrentHashMap<Taint, FilterResult> rejections = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Without tolerations, exactly the untainted nodes fit: the view's taint index excludes the
     * others, each counted under its first taint as the filter would. With tolerations, node by node.
     */
    @Override
    public PreFilterResult preFilter(CycleState state) {
        Map<Taint, NodeSet> tainted = state.view().nodesByFirstHardTaint();
        if (tainted.isEmpty()) {
            return PreFilterResult.skip();
        }
        if (!state.placement().tolerations().isEmpty()) {
            return PreFilterResult.proceed();
        }
        PreFilterResult result = null;
        for (Map.Entry<Taint, NodeSet> e : tainted.entrySet()) {
            String summary = rejection(e.getKey()).summary();
            result = result == null
                    ? PreFilterResult.exclude(summary, e.getValue())
                    : result.thenExclude(summary, e.getValue());
        }
        return result;
    }

    private FilterResult rejection(Taint taint) {
        return rejections.computeIfAbsent(taint, t -> FilterResult.rejected("untolerated taint " + text(t)));
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        int count = node.hardTaintCount();
        if (count == 0) {
            return FilterResult.fits();
        }
        List<Toleration> tolerations = state.placement().tolerations();
        for (int i = 0; i < count; i++) {
            Taint taint = node.hardTaint(i);
            if (!tolerated(tolerations, taint)) {
                return rejection(taint);
            }
        }
        return FilterResult.fits();
    }

    private static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            if (t != null && t.tolerates(taint)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Taint t) {
        return t.key() + (t.value() == null || t.value().isEmpty() ? "" : "=" + t.value()) + ":"
                + (t.effect() == null ? "NoSchedule" : t.effect().wireName());
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        for (int i = 0; i < node.hardTaintCount(); i++) {
            Taint taint = node.hardTaint(i);
            if (!tolerated(state.placement().tolerations(), taint)) {
                return "node has taint " + text(taint) + " and the component does not tolerate it";
            }
        }
        return "node taints are tolerated";
    }

    @Override
    public double score(CycleState state, NodeInfo node) {
        int untolerated = 0;
        for (int i = 0; i < node.softTaintCount(); i++) {
            if (!tolerated(state.placement().tolerations(), node.softTaint(i))) {
                untolerated++;
            }
        }
        return 100.0 / (1 + untolerated);
    }
}
