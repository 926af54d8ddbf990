package dev.continuum.agent.gateway;

import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ResourceCodec;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests that never reach a gateway route (not valid HTTP, a path Jetty
 * refuses) as {@link ApiError} JSON instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, GatewayErrors.JSON);
        String text = "the gateway cannot serve the request: "
                + (message == null || message.isBlank() ? "HTTP " + code : message)
                + (code == 400 ? "; check the request line, path encoding and headers" : "");
        byte[] body = ResourceCodec.get().encode(ApiError.of(code, GatewayErrors.reasonFor(code), text));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
