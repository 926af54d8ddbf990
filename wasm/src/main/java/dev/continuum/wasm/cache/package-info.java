/** The on-disk cache of Endive's generated classes, keyed by module digest and Endive version. */
package dev.continuum.wasm.cache;
