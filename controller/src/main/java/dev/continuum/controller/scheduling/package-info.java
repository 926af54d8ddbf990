/** The scheduling controller: binds pending Instances to nodes with the scheduler, and says why when none fits. */
package dev.continuum.controller.scheduling;
