/** The agent's Node: discovered platform facts, registration and the lease heartbeat. */
package dev.continuum.agent.node;
