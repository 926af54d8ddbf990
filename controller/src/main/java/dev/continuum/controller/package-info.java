/** The controllers of the control plane: start them all over a store with {@link dev.continuum.controller.Controllers}. */
package dev.continuum.controller;
