package dev.continuum.apiserver;

import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an {@link ApiHandler} answers: a status, a content type and a body. Errors are replies too
 * ({@link #error}), so that expected failures stay values.
 */
public record ApiReply(int status, String contentType, byte[] body) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    public ApiReply {
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body.clone();
    }

    /** 200 with {@code value} as JSON (resources, records, maps, lists). */
    public static ApiReply json(Object value) {
        return json(200, value);
    }

    public static ApiReply json(int status, Object value) {
        return new ApiReply(status, JSON, ResourceCodec.get().encode(value));
    }

    public static ApiReply text(int status, String text) {
        return new ApiReply(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The error as the API's {@link ApiError} body, with its code as the HTTP status. */
    public static ApiReply error(ApiError error) {
        return json(error.code(), error);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
