package dev.continuum.agent.gateway;

import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every gateway failure as an {@link ApiError} in JSON: never HTML, never a stack trace. */
final class GatewayErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayErrors.class);
    static final String JSON = "application/json";

    private GatewayErrors() {}

    static void write(HttpExchange ctx, int code, String reason, String message) throws IOException {
        if (ctx.committed()) {
            LOG.debug("{} {} failed after its answer began: {}", ctx.method(), ctx.rawPath(), message);
            return;
        }
        ctx.status(code);
        ctx.contentType(JSON);
        ctx.send(ResourceCodec.get().encode(ApiError.of(code, reason, message)));
    }

    static void notFound(HttpExchange ctx, String message) throws IOException {
        write(ctx, 404, "NotFound", message);
    }

    static void unavailable(HttpExchange ctx, String message) throws IOException {
        write(ctx, 503, "Unavailable", message);
    }

    static void badRequest(HttpExchange ctx, String message) throws IOException {
        write(ctx, 400, "BadRequest", message);
    }

    /** A handler failed: a 500 that says it is a bug (the log has the stack trace). */
    static void internal(HttpExchange ctx, Exception e) throws IOException {
        LOG.error("{} {} failed", ctx.method(), ctx.rawPath(), e);
        if (ctx.committed()) {
            throw new IOException("the answer to " + ctx.method() + " " + ctx.rawPath() + " failed after it began", e);
        }
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
            case 408 -> "Timeout";
            case 413 -> "RequestTooLarge";
            case 431 -> "RequestTooLarge";
            case 503 -> "Unavailable";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
