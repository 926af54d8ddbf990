/** The node agent: joins the control plane, registers its Node, runs its Instances and serves their functions. */
package dev.continuum.agent;
