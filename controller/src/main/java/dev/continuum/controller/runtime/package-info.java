/** The reconciler runtime: informers with indexed caches, work queues with backoff, and the runner. */
package dev.continuum.controller.runtime;
