/**
 * The typed Java client of the Continuum API: {@link dev.continuum.client.ContinuumClient} for REST,
 * {@link dev.continuum.client.Reflector} for list-then-watch that survives disconnections, and
 * {@link dev.continuum.client.Informer}, a cache kept current by a reflector.
 */
package dev.continuum.client;
