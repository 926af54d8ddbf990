/** Checks of resources beyond their shape: names, references, ranges; and the defaults admission fills in. */
package dev.continuum.model.validation;
