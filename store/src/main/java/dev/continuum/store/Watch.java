package dev.continuum.store;

/** A running watch. Closing it stops delivery; events already being delivered may still arrive. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
