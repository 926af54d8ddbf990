package dev.continuum.apiserver;

import static dev.continuum.apiserver.ResourceCrudTest.app;
import static dev.continuum.apiserver.ResourceCrudTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndMetricsTest {

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void healthzSaysTheProcessIsUp() {
        Http.Answer answer = f.http.get("/healthz");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }

    @Test
    void readyzWaitsForTheOwner() {
        f.server.setReady(false);
        Http.Answer notYet = f.http.get("/readyz");
        f.server.setReady(true);
        Http.Answer ready = f.http.get("/readyz");

        assertThat(notYet.status()).isEqualTo(503);
        assertThat(notYet.json().path("reason").asText()).isEqualTo("Unavailable");
        assertThat(notYet.json().path("message").asText()).startsWith("not ready: the control plane is still starting");
        assertThat(ready.status()).isEqualTo(200);
    }

    @Test
    void readyzIs503WhenTheStoreDoesNotAnswer() {
        f.kv.close();

        Http.Answer answer = f.http.get("/readyz");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("message").asText()).startsWith("not ready: the store does not answer: store ");
        assertThat(f.http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsByRouteAndStatusAndShowTheStoreRevision() {
        f.http.post("/api/v1/namespaces/default/applications", json(app("a", 1)));
        f.http.get("/api/v1/namespaces/default/applications/a");
        f.http.get("/api/v1/namespaces/default/applications/b");
        f.http.get("/nowhere");

        String metrics = f.http.get("/metrics").body();

        assertThat(metrics)
                .contains("continuum_api_requests_seconds_count{method=\"POST\",route=\"/api/v1/namespaces/{namespace}/"
                        + "{plural}\",status=\"201\"} 1")
                .contains("continuum_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/namespaces/{namespace}/"
                        + "{plural}/{name}\",status=\"200\"} 1")
                .contains("continuum_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/namespaces/{namespace}/"
                        + "{plural}/{name}\",status=\"404\"} 1")
                .contains("continuum_api_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
                .contains("continuum_api_requests_seconds_sum{")
                .contains("continuum_store_revision 1.0")
                .contains("continuum_api_watch_streams 0.0");
    }
}
