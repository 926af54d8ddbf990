package dev.continuum.agent.gateway;

import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every gateway failure as an {@link ApiError} in JSON: never HTML, never a stack trace. */
final class GatewayErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayErrors.class);
    static final String JSON = "application/json";

    private GatewayErrors() {}

    static void write(Context ctx, int code, String reason, String message) {
        if (ctx.res().isCommitted()) {
            LOG.debug("{} {} failed after its answer began: {}", ctx.method().name(), ctx.path(), message);
            return;
        }
        ctx.status(code);
        ctx.contentType(JSON);
        ctx.result(ResourceCodec.get().encode(ApiError.of(code, reason, message)));
    }

    static void notFound(Context ctx, String message) {
        write(ctx, 404, "NotFound", message);
    }

    static void unavailable(Context ctx, String message) {
        write(ctx, 503, "Unavailable", message);
    }

    static void badRequest(Context ctx, String message) {
        write(ctx, 400, "BadRequest", message);
    }

    /** The exception handler of the gateway: routing misses as 404, anything else as a 500 that says it is a bug. */
    static void handle(Exception e, Context ctx) {
        if (e instanceof EndpointNotFound) {
            notFound(
                    ctx,
                    "no route for " + ctx.method().name() + " " + ctx.path()
                            + " on this agent's gateway; it serves /fn/{namespace}/{application}/{component}/...,"
                            + " /logs/{namespace}/{instance} and /healthz");
            return;
        }
        if (e instanceof HttpResponseException h) {
            int code = h.getStatus();
            write(
                    ctx,
                    code,
                    reasonFor(code),
                    h.getMessage() + " (" + ctx.method().name() + " " + ctx.path() + ")");
            return;
        }
        LOG.error("{} {} failed", ctx.method().name(), ctx.path(), e);
        write(
                ctx,
                500,
                "InternalError",
                "internal error (a bug in Continuum): " + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "; the agent's log has the details");
    }

    static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "RequestTooLarge";
            case 503 -> "Unavailable";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
