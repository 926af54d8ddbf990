package dev.continuum.apiserver;

import dev.continuum.model.codec.ResourceCodec;
import io.javalin.http.Context;

/** Writes successful answers: JSON with the codec the store uses, so the wire shows what is stored. */
final class Responses {

    private Responses() {}

    static void json(Context ctx, int status, Object value) {
        ctx.status(status);
        ctx.contentType(ApiReply.JSON);
        ctx.result(ResourceCodec.get().encode(value));
    }

    static void reply(Context ctx, ApiReply reply) {
        ctx.status(reply.status());
        ctx.contentType(reply.contentType());
        ctx.result(reply.body());
    }
}
