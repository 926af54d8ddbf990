package dev.continuum.scheduler.framework;

/**
 * Runs once per decision before any node is looked at: reads the request, prepares what the
 * plugin's filter needs (parsed limits, resolved targets, the rejections it will return) in the
 * {@link CycleState}, and may narrow the candidates with the view's indexes.
 *
 * <p>Contract: called once per decision, in profile order, before any filter. Must not change the
 * view.
 */
public interface PreFilterPlugin extends Plugin {

    PreFilterResult preFilter(CycleState state);
}
