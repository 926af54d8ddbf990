package dev.continuum.apiserver;

import io.javalin.http.Context;

/** Writes successful answers: JSON as {@link Wire} writes it. */
final class Responses {

    private Responses() {}

    static void json(Context ctx, int status, Object value) {
        ctx.status(status);
        ctx.contentType(ApiReply.JSON);
        ctx.result(Wire.encode(value));
    }

    static void reply(Context ctx, ApiReply reply) {
        ctx.status(reply.status());
        ctx.contentType(reply.contentType());
        ctx.result(reply.body());
    }
}
