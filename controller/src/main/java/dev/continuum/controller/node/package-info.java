/** The node lifecycle controller: nodes whose lease expired are marked NotReady. */
package dev.continuum.controller.node;
