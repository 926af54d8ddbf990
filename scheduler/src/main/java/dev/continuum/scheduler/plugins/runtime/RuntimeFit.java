package dev.continuum.scheduler.plugins.runtime;

import dev.continuum.scheduler.NodeInfo;
import dev.continuum.scheduler.framework.CycleState;
import dev.continuum.scheduler.framework.FilterPlugin;
import dev.continuum.scheduler.framework.FilterResult;
import dev.continuum.scheduler.framework.PreFilterPlugin;
import dev.continuum.scheduler.framework.PreFilterResult;
import dev.continuum.scheduler.framework.StateKey;

/**
 * Rejects nodes that lack the component's runtime ({@code Component.runtime()}): WebAssembly runs on
 * any node whose agent embeds the engine, whatever its arch; containers need a container runtime.
 */
public final class RuntimeFit implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "RuntimeFit";

    private static final StateKey<FilterResult> KEY = StateKey.of(FilterResult.class);
    private static final FilterResult NO_WASM = FilterResult.rejected("no wasm runtime");
    private static final FilterResult NO_CONTAINER = FilterResult.rejected("no container runtime");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state) {
        String runtime = state.component().runtime();
        FilterResult missing = switch (runtime) {
            case "wasm" -> NO_WASM;
            case "container" -> NO_CONTAINER;
            default -> FilterResult.rejected("no " + runtime + " runtime");
        };
        state.write(KEY, missing);
        return PreFilterResult.restrict(missing.summary(), state.view().nodesWithRuntime(runtime));
    }

    @Override
    public FilterResult filter(CycleState state, NodeInfo node) {
        return node.runtimes().contains(state.component().runtime()) ? FilterResult.fits() : state.read(KEY);
    }

    @Override
    public String reason(CycleState state, NodeInfo node) {
        return "node runs " + String.join(", ", node.runtimes()) + "; component needs "
                + state.component().runtime();
    }
}
