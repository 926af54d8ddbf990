/** Bandwidth floors on the path to the latency target, or on the node's uplink. */
package dev.continuum.scheduler.plugins.bandwidth;
