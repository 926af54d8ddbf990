package dev.continuum.apiserver;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;

/** The {@link RouteRegistrar} extensions get: each route is authorized, then answers with its handler's {@link ApiReply}. */
final class ExtensionRoutes implements RouteRegistrar {

    private final RoutesConfig routes;
    private final Authorization authorization;

    ExtensionRoutes(RoutesConfig routes, Authorization authorization) {
        this.routes = routes;
        this.authorization = authorization;
    }

    @Override
    public void get(String path, RouteAccess access, ApiHandler handler) {
        add(HandlerType.GET, path, access, handler);
    }

    @Override
    public void post(String path, RouteAccess access, ApiHandler handler) {
        add(HandlerType.POST, path, access, handler);
    }

    @Override
    public void put(String path, RouteAccess access, ApiHandler handler) {
        add(HandlerType.PUT, path, access, handler);
    }

    @Override
    public void delete(String path, RouteAccess access, ApiHandler handler) {
        add(HandlerType.DELETE, path, access, handler);
    }

    private void add(HandlerType method, String path, RouteAccess access, ApiHandler handler) {
        ApiServer.route(routes, method, path, ctx -> {
            Identity who = Authenticator.identityOf(ctx);
            switch (access) {
                case NAMESPACE_READ ->
                    authorization.requireNamespaceRead(
                            who, ctx.pathParam(ResourcePath.NAMESPACE), method.name() + " " + ctx.path(), false);
                case CLUSTER_ADMIN -> authorization.requireClusterAdmin(who, method.name() + " " + ctx.path());
                case AUTHENTICATED -> authorization.requireAuthenticated(who);
            }
            ApiReply reply = handler.handle(new ApiRequest(ctx));
            if (reply == null) {
                throw new IllegalStateException("the handler of " + method.name() + " " + path + " answered null");
            }
            Responses.reply(ctx, reply);
        });
    }
}
