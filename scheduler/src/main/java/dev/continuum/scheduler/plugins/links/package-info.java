/** Links between the components of one application: latency limits and a preference for short links. */
package dev.continuum.scheduler.plugins.links;
