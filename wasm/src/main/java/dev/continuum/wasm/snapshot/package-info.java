/** Instance snapshots: capture between calls, a versioned checksummed wire format, incremental deltas. */
package dev.continuum.wasm.snapshot;
