package dev.continuum.apiserver;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;

/** The {@link RouteRegistrar} extensions get: each route answers with its handler's {@link ApiReply}. */
final class ExtensionRoutes implements RouteRegistrar {

    private final RoutesConfig routes;

    ExtensionRoutes(RoutesConfig routes) {
        this.routes = routes;
    }

    @Override
    public void get(String path, ApiHandler handler) {
        add(HandlerType.GET, path, handler);
    }

    @Override
    public void post(String path, ApiHandler handler) {
        add(HandlerType.POST, path, handler);
    }

    @Override
    public void put(String path, ApiHandler handler) {
        add(HandlerType.PUT, path, handler);
    }

    @Override
    public void delete(String path, ApiHandler handler) {
        add(HandlerType.DELETE, path, handler);
    }

    private void add(HandlerType method, String path, ApiHandler handler) {
        ApiServer.route(routes, method, path, ctx -> {
            ApiReply reply = handler.handle(new ApiRequest(ctx));
            if (reply == null) {
                throw new IllegalStateException("the handler of " + method.name() + " " + path + " answered null");
            }
            Responses.reply(ctx, reply);
        });
    }
}
