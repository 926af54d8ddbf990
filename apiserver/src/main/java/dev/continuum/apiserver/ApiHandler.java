package dev.continuum.apiserver;

/**
 * Answers one request of a route an {@link ApiExtension} added. Called on a virtual thread, once per
 * request, possibly concurrently with itself. An exception thrown here becomes a 500
 * {@code InternalError} (the stack trace goes to the server log, never to the caller); expected
 * failures are answered with {@link ApiReply#error}.
 */
@FunctionalInterface
public interface ApiHandler {
    ApiReply handle(ApiRequest request) throws Exception;
}
