/** Only Ready, schedulable nodes take new work. */
package dev.continuum.scheduler.plugins.eligibility;
