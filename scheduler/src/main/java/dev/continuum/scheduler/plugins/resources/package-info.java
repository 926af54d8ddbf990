/** CPU and memory: what is left on a node, and whether to pack nodes or spread across them. */
package dev.continuum.scheduler.plugins.resources;
