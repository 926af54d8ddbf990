package dev.continuum.apiserver;

import dev.continuum.model.api.ApiError;

/**
 * Ends a request with an {@link ApiError}: thrown by handlers deep in a call chain (a bad query
 * parameter, a missing object) and turned into the answer by {@link ErrorResponses}. An expected
 * outcome for the caller, so it carries no stack trace.
 */
final class ApiFailure extends RuntimeException {

    private final transient ApiError error;

    ApiFailure(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }

    static ApiFailure badRequest(String message) {
        return new ApiFailure(ApiError.of(400, "BadRequest", message));
    }

    static ApiFailure badRequest(String field, String message) {
        return new ApiFailure(new ApiError(400, "BadRequest", message, field, null));
    }

    static ApiFailure unauthorized(String message) {
        return new ApiFailure(ApiError.of(401, "Unauthorized", message));
    }

    static ApiFailure forbidden(String message) {
        return new ApiFailure(ApiError.of(403, "Forbidden", message));
    }

    static ApiFailure forbidden(String field, String message) {
        return new ApiFailure(new ApiError(403, "Forbidden", message, field, null));
    }

    static ApiFailure notFound(String message) {
        return new ApiFailure(ApiError.of(404, "NotFound", message));
    }

    static ApiFailure notFoundField(String field, String message) {
        return new ApiFailure(new ApiError(404, "NotFound", message, field, null));
    }

    static ApiFailure alreadyExists(String message) {
        return new ApiFailure(ApiError.of(409, "AlreadyExists", message));
    }

    static ApiFailure conflict(String message) {
        return new ApiFailure(ApiError.of(409, "Conflict", message));
    }

    static ApiFailure invalid(String field, String message) {
        return new ApiFailure(new ApiError(422, "Invalid", message, field, null));
    }

    static ApiFailure unavailable(String message) {
        return new ApiFailure(ApiError.of(503, "Unavailable", message));
    }
}
