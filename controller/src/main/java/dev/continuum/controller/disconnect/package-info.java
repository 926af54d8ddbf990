/** What happens to the Instances of nodes cut off from the control plane: lost, replaced, fenced, reconciled on return. */
package dev.continuum.controller.disconnect;
