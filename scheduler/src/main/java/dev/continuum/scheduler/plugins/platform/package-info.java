/** Hard constraints on the node's CPU architecture and operating system. */
package dev.continuum.scheduler.plugins.platform;
