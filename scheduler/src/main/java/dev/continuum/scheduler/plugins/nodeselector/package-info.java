/** Components may require node labels ({@code placement.nodeSelector}). */
package dev.continuum.scheduler.plugins.nodeselector;
