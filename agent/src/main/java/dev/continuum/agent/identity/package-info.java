/**
 * The agent's identity: over TLS a node certificate of the cluster CA (joined for with a bootstrap
 * token and a pinned CA, renewed before it expires); without TLS a node token.
 */
package dev.continuum.agent.identity;
