/** Latency to a target: a hard limit ({@code maxLatencyMs}) and a preference for closer nodes. */
package dev.continuum.scheduler.plugins.latency;
