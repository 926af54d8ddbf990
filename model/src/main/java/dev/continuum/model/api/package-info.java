/** What travels over the REST API besides resources: error bodies, list envelopes, watch lines, join messages. */
package dev.continuum.model.api;
