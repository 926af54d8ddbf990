/** Linear memory for Endive instances: flat, bounds-checked, capped, with dirty-page tracking. */
package dev.continuum.wasm.memory;
