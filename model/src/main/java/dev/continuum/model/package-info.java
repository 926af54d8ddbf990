/** Continuum's resources as immutable records: what users declare and what the system reports. */
package dev.continuum.model;
