/**
 * Where Continuum keeps its state: {@link dev.continuum.store.StateStore}, a revisioned key-value
 * store with compare-and-swap and watch, and {@link dev.continuum.store.ResourceStore}, the typed
 * layer the API server and the controllers use.
 */
package dev.continuum.store;
