package dev.continuum.apiserver;

import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an {@link ApiError} answer, so that no caller ever sees a stack trace or
 * an HTML page: our own {@link ApiFailure}s as they are, an unavailable store as 503, Javalin's
 * routing answers (no route, wrong method) as 404 and 405, and anything else as a 500 that says it
 * is a bug and logs the stack trace.
 */
final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    static ApiError toError(Exception e, Context ctx) {
        return switch (e) {
            case ApiFailure f -> f.error();
            case StoreException s ->
                ApiError.of(503, "Unavailable", "the store is not available: " + s.getMessage() + "; retry later");
            case EndpointNotFound n ->
                ApiError.of(
                        404,
                        "NotFound",
                        "no route for " + ctx.method().name() + " " + ctx.path()
                                + "; the API's paths are listed in docs/api.md");
            case MethodNotAllowedResponse m -> methodNotAllowed(ctx, m.getDetails());
            case HttpResponseException h -> ApiError.of(h.getStatus(), reasonFor(h.getStatus()), h.getMessage());
            default -> {
                LOG.error("{} {} failed", ctx.method().name(), ctx.path(), e);
                yield ApiError.of(
                        500,
                        "InternalError",
                        "internal error (a bug in Continuum): " + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "; the server log has the details");
            }
        };
    }

    private static ApiError methodNotAllowed(Context ctx, Map<String, String> details) {
        String allowed = details == null ? null : details.get("availableMethods");
        String hint = allowed == null || allowed.isBlank() ? "" : "; allowed: " + allowed;
        return ApiError.of(405, "MethodNotAllowed", ctx.method().name() + " is not allowed on " + ctx.path() + hint);
    }

    /** Writes {@code error} as the answer, unless the answer has already begun (a stream). */
    static void write(Context ctx, ApiError error) {
        if (ctx.res().isCommitted()) {
            LOG.debug("{} {} failed after its answer began: {}", ctx.method().name(), ctx.path(), error.message());
            return;
        }
        ctx.status(error.code());
        ctx.contentType(ApiReply.JSON);
        ctx.result(ResourceCodec.get().encode(error));
    }

    static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 413 -> "RequestTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
