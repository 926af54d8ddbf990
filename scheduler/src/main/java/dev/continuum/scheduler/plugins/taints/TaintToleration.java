package dev.continuum.scheduler.plugins.taints;

import dev.continuum.model.Taint;
import dev.continuum.model.Toleration;
import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.ScorePlugin;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Filter: every {@code NoSchedule} or {@code NoExecute} taint of the node must be tolerated by one
 * of {@code placement.tolerations}. Score: each untolerated {@code PreferNoSchedule} taint lowers
 * it, 100 / (1 + untolerated).
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

    /** One rejection per distinct taint, shared by all decisions so that counting matches by identity. */
    private final ConcurrentHashMap<Taint, FilterResult> rejections = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
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
                return rejections.computeIfAbsent(taint, t -> FilterResult.rejected("untolerated taint " + text(t)));
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
