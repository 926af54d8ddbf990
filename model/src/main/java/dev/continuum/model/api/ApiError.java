package dev.continuum.model.api;

import dev.continuum.model.codec.Problem;
import java.util.List;

/**
 * The body of every non-2xx answer of the API.
 *
 * @param code the HTTP status
 * @param reason a stable word: {@code BadRequest}, {@code Invalid}, {@code NotFound},
 *     {@code AlreadyExists}, {@code Conflict}, {@code Expired} (watch too old: relist),
 *     {@code Unauthorized}, {@code Forbidden}, {@code Unavailable}, {@code InternalError}
 * @param message one sentence saying what was wrong and what to do
 * @param field the field path at fault, when there is one ({@code spec.components[0].replicas})
 * @param problems every problem found, located, when the input had several
 */
public record ApiError(int code, String reason, String message, String field, List<Problem> problems) {

    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static ApiError of(int code, String reason, String message) {
        return new ApiError(code, reason, message, null, null);
    }
}
