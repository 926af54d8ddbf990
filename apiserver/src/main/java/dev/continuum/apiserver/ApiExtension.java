package dev.continuum.apiserver;

/**
 * Adds routes to an {@link ApiServer} without the API server depending on the module that answers
 * them (the scheduler's {@code .../instances/{name}/explain}, for example). Called once, from
 * {@link ApiServer#start()}, before the server listens.
 */
@FunctionalInterface
public interface ApiExtension {
    void register(RouteRegistrar routes);
}
