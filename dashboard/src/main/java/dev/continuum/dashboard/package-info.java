/** The web dashboard: static files that read the REST API. */
package dev.continuum.dashboard;
