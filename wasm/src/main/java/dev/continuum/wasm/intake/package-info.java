/** Checks on a module's raw bytes that run before it is decoded or compiled. */
package dev.continuum.wasm.intake;
