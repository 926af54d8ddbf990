/** The agent's identity: joining with a bootstrap token and keeping the node token it gets. */
package dev.continuum.agent.identity;
