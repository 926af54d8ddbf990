/** Accelerators: required ones must be free on the node, preferred ones raise its score. */
package dev.continuum.scheduler.plugins.accelerators;
