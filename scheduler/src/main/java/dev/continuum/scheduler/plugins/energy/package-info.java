/** Energy: prefers nodes that draw fewer watts for the work they can do. */
package dev.continuum.scheduler.plugins.energy;
