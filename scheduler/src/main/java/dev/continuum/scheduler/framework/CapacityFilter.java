package dev.continuum.scheduler.framework;

/**
 * Marks a {@link FilterPlugin} whose verdict depends on what is already bound to the node (cpu,
 * memory, accelerator devices): evicting instances can turn its rejection into a fit, so
 * preemption looks only at nodes such filters rejected.
 */
public interface CapacityFilter extends FilterPlugin {}
