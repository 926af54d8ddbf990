/** Supervising Instances: one supervisor per Instance, lifecycle hooks, restart backoff, local functions. */
package dev.continuum.agent.runtime;
