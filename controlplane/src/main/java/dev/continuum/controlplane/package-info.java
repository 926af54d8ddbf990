/** The control plane: the store, the API server, the scheduler and the controllers wired into one server. */
package dev.continuum.controlplane;
