/** Reconciling the Instances bound to this node (from the agent's watch) with the supervisors it runs. */
package dev.continuum.agent.sync;
