/** Which layers of the continuum a component may run on, and which it prefers. */
package dev.continuum.scheduler.plugins.tier;
