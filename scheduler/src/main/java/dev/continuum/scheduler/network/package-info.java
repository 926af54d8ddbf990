/** The network model: latency and bandwidth from measured links, the hierarchy and geography. */
package dev.continuum.scheduler.network;
