/** A component runs only where its runtime is: {@code wasm} for modules, {@code container} for images. */
package dev.continuum.scheduler.plugins.runtime;
