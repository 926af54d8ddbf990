package dev.continuum.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the control plane adds without the API server knowing its modules: routes and static files. */
class ExtensionsTest {

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(
                dir,
                o -> o.withStaticSite(new StaticSite("continuum/testsite", "/site"))
                        .withExtension(routes -> {
                            routes.get(
                                    "/api/v1/namespaces/{namespace}/instances/{name}/explain",
                                    RouteAccess.AUTHENTICATED,
                                    request -> ApiReply.json(Map.of(
                                            "instance",
                                            request.pathParam("namespace") + "/" + request.pathParam("name"),
                                            "verbose",
                                            request.queryParam("verbose").orElse("no"))));
                            routes.post(
                                    "/api/v1/echo",
                                    RouteAccess.AUTHENTICATED,
                                    request -> ApiReply.text(202, request.body()));
                            routes.put(
                                    "/api/v1/echo",
                                    RouteAccess.AUTHENTICATED,
                                    request -> ApiReply.text(
                                            200, request.header("X-Echo").orElse("")));
                            routes.delete(
                                    "/api/v1/echo",
                                    RouteAccess.AUTHENTICATED,
                                    request -> ApiReply.text(200, request.method()));
                        }));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anExtensionRouteAnswersBesideTheBuiltInOnes() {
        Http.Answer explain = f.http.get("/api/v1/namespaces/default/instances/web-0/explain?verbose=yes");

        assertThat(explain.status()).isEqualTo(200);
        assertThat(explain.json().path("instance").asText()).isEqualTo("default/web-0");
        assertThat(explain.json().path("verbose").asText()).isEqualTo("yes");
        assertThat(f.http.get("/api/v1/namespaces/default/instances/web-0").status())
                .isEqualTo(404);
    }

    @Test
    void extensionRoutesSeeBodiesHeadersAndMethods() {
        assertThat(f.http.post("/api/v1/echo", "hello").body()).isEqualTo("hello");
        assertThat(f.http.post("/api/v1/echo", "hello").status()).isEqualTo(202);
        assertThat(f.http.send(HttpRequest.newBuilder(f.http.uri("/api/v1/echo"))
                                .header("X-Echo", "header")
                                .PUT(HttpRequest.BodyPublishers.noBody()))
                        .body())
                .isEqualTo("header");
        assertThat(f.http.delete("/api/v1/echo").body()).isEqualTo("DELETE");
    }

    @Test
    void theSiteIndexIsServedAtTheRoot() {
        Http.Answer index = f.http.get("/");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("<title>Test site</title>");
    }

    @Test
    void theSiteFilesAreServedUnderTheirPrefix() {
        Http.Answer css = f.http.get("/site/css/style.css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("body");
    }

    @Test
    void missingAndEscapingFilesAre404() {
        assertThat(f.http.get("/site/nope.js").status()).isEqualTo(404);
        assertThat(f.http.get("/site/..%2F..%2Fcontinuum%2Ftestsite%2Findex.html")
                        .status())
                .isEqualTo(404);
        assertThat(f.http.get("/site/nope.js").json().path("reason").asText()).isEqualTo("NotFound");
    }
}
