package dev.continuum.apiserver;

/**
 * Where an {@link ApiExtension} adds its routes. Paths use {@code {name}} for a path segment, e.g.
 * {@code /api/v1/namespaces/{namespace}/instances/{name}/explain}; {@link ApiRequest#pathParam}
 * reads it. Routes added here are matched before the built-in ones, are counted in the request
 * metrics under their path pattern, get the same identity, error and 404/405 handling, and are
 * authorized by their {@link RouteAccess} before the handler runs.
 */
public interface RouteRegistrar {

    void get(String path, RouteAccess access, ApiHandler handler);

    void post(String path, RouteAccess access, ApiHandler handler);

    void put(String path, RouteAccess access, ApiHandler handler);

    void delete(String path, RouteAccess access, ApiHandler handler);
}
