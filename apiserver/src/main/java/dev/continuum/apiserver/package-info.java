/**
 * The Continuum API server: REST and watch over a {@link dev.continuum.store.ResourceStore},
 * admission, errors as {@link dev.continuum.model.api.ApiError}, node join and identities, log
 * forwarding, health and metrics. {@link dev.continuum.apiserver.ApiServer} is the entry point; {@link
 * dev.continuum.apiserver.ApiExtension} lets the control plane add routes.
 */
package dev.continuum.apiserver;
