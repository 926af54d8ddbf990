/** Builders and fixtures shared by the tests of every module. */
package dev.continuum.testing;
