package dev.continuum.apiserver;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * One request to a route an {@link ApiExtension} added: its path parameters, query, headers, body
 * and the {@link Identity} of its sender. A view of the request being answered; do not keep it after
 * the handler returns. Not thread-safe.
 */
public final class ApiRequest {

    private final Context ctx;

    ApiRequest(Context ctx) {
        this.ctx = ctx;
    }

    /** {@code GET}, {@code POST}, ... */
    public String method() {
        return ctx.method().name();
    }

    public String path() {
        return ctx.path();
    }

    /** The value of a {@code {name}} segment of the route's path; a fault when the route has none. */
    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(ctx.queryParam(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    /** The body as text (UTF-8 unless the request says otherwise); empty when there is none. */
    public String body() {
        return ctx.body();
    }

    public Identity caller() {
        return Authenticator.identityOf(ctx);
    }
}
