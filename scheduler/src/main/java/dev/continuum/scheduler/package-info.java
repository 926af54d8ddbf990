/** Placement: the scheduler's public API, and the read-only cluster view it decides over. */
package dev.continuum.scheduler;
