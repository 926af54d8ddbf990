/** The {@code continuum} command: start a control plane or an agent, and drive a cluster. */
package dev.continuum.cli;
