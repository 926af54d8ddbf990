/** The scheduling framework: extension points, per-decision state, profiles and the pipeline that runs them. */
package dev.continuum.scheduler.framework;
