package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.api.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is an ApiError with the right status: never a Jetty page, never a stack trace. */
class ErrorAnswersTest {

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(
                dir,
                o -> o.withExtension(routes -> {
                    routes.get("/api/v1/broken", RouteAccess.AUTHENTICATED, request -> {
                        throw new IllegalStateException("deliberately broken");
                    });
                    routes.get(
                            "/api/v1/teapot",
                            RouteAccess.AUTHENTICATED,
                            request -> ApiReply.error(ApiError.of(418, "Teapot", "short and stout")));
                }));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anUnknownRouteIs404() {
        Http.Answer answer = f.http.get("/no/such/thing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
        assertThat(answer.json().path("message").asText()).startsWith("no route for GET /no/such/thing");
    }

    @Test
    void anUnknownKindIs404ListingTheKnownOnes() {
        Http.Answer answer = f.http.get("/api/v1/namespaces/default/widgets/w1");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("message").asText())
                .isEqualTo(
                        "unknown resource type \"widgets\"; known: nodes, applications, instances, events, leases, namespaces");
    }

    @Test
    void aWrongMethodIs405NamingTheAllowedOnes() {
        Http.Answer onCollection = f.http.delete("/api/v1/nodes");
        Http.Answer patch = f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/nodes/n1"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(onCollection.status()).isEqualTo(405);
        assertThat(onCollection.json().path("reason").asText()).isEqualTo("MethodNotAllowed");
        assertThat(onCollection.json().path("message").asText())
                .isEqualTo("DELETE is not allowed on /api/v1/nodes; allowed: GET, POST");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.json().path("message").asText()).startsWith("PATCH is not allowed on /api/v1/nodes/n1");
    }

    @Test
    void aBugIs500SayingSoWithoutAStackTrace() {
        Http.Answer answer = f.http.get("/api/v1/broken");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json().path("reason").asText()).isEqualTo("InternalError");
        assertThat(answer.json().path("message").asText())
                .isEqualTo("internal error (a bug in Continuum): IllegalStateException: deliberately broken;"
                        + " the server log has the details");
        assertThat(answer.body()).doesNotContain("at dev.continuum");
    }

    @Test
    void extensionsAnswerErrorsAsValues() {
        Http.Answer answer = f.http.get("/api/v1/teapot");

        assertThat(answer.status()).isEqualTo(418);
        assertThat(answer.json().path("reason").asText()).isEqualTo("Teapot");
    }

    @Test
    void aBrokenStoreIs503() {
        f.kv.close();

        Http.Answer answer = f.http.get("/api/v1/nodes");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("reason").asText()).isEqualTo("Unavailable");
        assertThat(answer.json().path("message").asText()).startsWith("the store is not available: store ");
    }

    @Test
    void aRequestJettyRefusesIsStillAnApiError() throws IOException {
        String answer = raw("GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("Content-Type: application/json");
        assertThat(answer).contains("\"reason\":\"BadRequest\"");
        assertThat(answer).doesNotContain("<html");
    }

    @Test
    void garbageInsteadOfHttpIsAnApiError() throws IOException {
        String answer = raw("NONSENSE\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("\"code\":400");
    }

    @Test
    void aMalformedAuthorizationHeaderIs401() {
        Http.Answer answer = f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/nodes"))
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .GET());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("message").asText())
                .isEqualTo("the Authorization header must be \"Bearer <token>\"");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", f.http.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
