/** Taints keep components away from nodes unless they tolerate them. */
package dev.continuum.scheduler.plugins.taints;
