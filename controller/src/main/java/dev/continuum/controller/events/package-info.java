/** Events: what the controllers did and why, written for people, with repeats counted. */
package dev.continuum.controller.events;
