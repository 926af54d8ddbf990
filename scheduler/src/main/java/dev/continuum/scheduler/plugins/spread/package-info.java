/** Topology spread: keeps a component's copies apart across zones, sites, regions, tiers or nodes. */
package dev.continuum.scheduler.plugins.spread;
