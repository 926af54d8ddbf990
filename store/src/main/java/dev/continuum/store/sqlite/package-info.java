/** The embedded {@link dev.continuum.store.StateStore}: one SQLite file in WAL mode with synchronous commits. */
package dev.continuum.store.sqlite;
