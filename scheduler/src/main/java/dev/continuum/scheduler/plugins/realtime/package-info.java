/** Real-time components need nodes that offer dedicated cores. */
package dev.continuum.scheduler.plugins.realtime;
