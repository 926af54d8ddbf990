package dev.continuum.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request the API refused, or a server that could not be reached. Carries the server's {@link
 * ApiError}: its {@code code} is the HTTP status, or 0 (reason {@code Unreachable}) when no answer
 * came at all. Unchecked: callers test for the outcomes they expect ({@link #isNotFound()}, {@link
 * #isConflict()}, ...) and let the rest travel.
 */
public final class ApiException extends RuntimeException {

    public static final String UNREACHABLE = "Unreachable";

    private final transient ApiError error;

    public ApiException(ApiError error) {
        this(error, null);
    }

    public ApiException(ApiError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").message(), cause);
        this.error = error;
    }

    /** No answer from {@code server}: refused, timed out, or the connection broke. */
    static ApiException unreachable(URI server, String detail, Throwable cause) {
        return new ApiException(
                ApiError.of(0, UNREACHABLE, "cannot reach the Continuum API server at " + server + ": " + detail),
                cause);
    }

    /** The server's {@link ApiError} from a non-2xx answer, or one made up from the status when the body is not one. */
    static ApiException fromAnswer(int status, byte[] body, String request) {
        try {
            JsonNode tree = ResourceCodec.get().json().readTree(body);
            if (tree != null && tree.has("code") && tree.has("reason")) {
                return new ApiException(ResourceCodec.get().json().treeToValue(tree, ApiError.class));
            }
        } catch (IOException e) {
            // not an ApiError: described below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String detail = text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        return new ApiException(ApiError.of(status, reasonFor(status), request + " answered HTTP " + status + detail));
    }

    private static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 422 -> "Invalid";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }

    public ApiError error() {
        return error;
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int code() {
        return error.code();
    }

    public String reason() {
        return error.reason();
    }

    public boolean isNotFound() {
        return error.code() == 404;
    }

    /** A stale {@code resourceVersion}: read again, reapply, retry. */
    public boolean isConflict() {
        return error.code() == 409 && "Conflict".equals(error.reason());
    }

    public boolean isAlreadyExists() {
        return error.code() == 409 && "AlreadyExists".equals(error.reason());
    }

    /** Validation failed; {@link ApiError#field()} and {@link ApiError#problems()} say where. */
    public boolean isInvalid() {
        return error.code() == 422;
    }

    public boolean isUnauthorized() {
        return error.code() == 401;
    }

    /** The caller is known but may not do this; the message says why. */
    public boolean isForbidden() {
        return error.code() == 403;
    }

    /** A watch asked for history the server no longer has: list again. */
    public boolean isExpired() {
        return error.code() == 410;
    }

    /** No answer at all: the server is down or the network between is. */
    public boolean isUnreachable() {
        return error.code() == 0;
    }

    @Override
    public String toString() {
        return "ApiException: " + error.code() + " " + error.reason() + ": " + error.message();
    }
}
