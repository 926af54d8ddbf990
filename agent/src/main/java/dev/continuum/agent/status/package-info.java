/** Reporting Instance statuses to the control plane, keeping the newest per Instance while it is unreachable. */
package dev.continuum.agent.status;
