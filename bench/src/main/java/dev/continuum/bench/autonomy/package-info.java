/** End-to-end measurements of failover and the agent footprint (BENCHMARKS.md). */
package dev.continuum.bench.autonomy;
