/** The agent's local store: what it must remember to run its Instances with no control plane. */
package dev.continuum.agent.local;
