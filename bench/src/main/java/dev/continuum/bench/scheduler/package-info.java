/** Scheduler benchmarks: JMH for the decision core, and whole-scheduler runs over generated fleets. */
package dev.continuum.bench.scheduler;
