/** The built-in scheduling plugins, one package each. */
package dev.continuum.scheduler.plugins;
