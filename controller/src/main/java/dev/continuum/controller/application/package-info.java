/** The Application controller: the right Instances for every component, and the Application's status. */
package dev.continuum.controller.application;
