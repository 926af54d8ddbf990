/** Post-processing of the JVM classes Endive generates for a module (direct memory access). */
package dev.continuum.wasm.compile;
