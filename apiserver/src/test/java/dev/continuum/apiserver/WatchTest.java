package dev.continuum.apiserver;

import static dev.continuum.apiserver.ResourceCrudTest.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.ObjectMeta;
import dev.continuum.testing.MakeInstance;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchTest {

    private static final String APPS = "/api/v1/namespaces/default/applications";
    private static final String INSTANCES = "/api/v1/namespaces/default/instances";

    @TempDir
    Path dir;

    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(dir, o -> o.withBookmarkInterval(Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private StreamRecorder watch(String query) {
        return new StreamRecorder(f.http.open(query));
    }

    private void create(Application a) {
        f.store.create(a.withMetadata(a.metadata().withNamespace("default"))).orThrow();
    }

    private Instance instance(String name, String node) {
        return MakeInstance.named(name).node(node).obj();
    }

    @Test
    void aWatchFromTheListRevisionMissesNothingAndRepeatsNothing() {
        create(app("a", 1));
        create(app("b", 1));
        long listed =
                f.http.get(APPS).json().path("metadata").path("resourceVersion").asLong();
        create(app("c", 1));
        f.store
                .update(app("a", 2).withMetadata(ObjectMeta.named("default", "a")))
                .orThrow();
        f.store.delete(Application.class, "default", "b", 0);

        try (StreamRecorder stream = watch(APPS + "?watch=true&resourceVersion=" + listed)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            create(app("d", 1));

            await().untilAsserted(() -> assertThat(stream.events())
                    .containsExactly("ADDED c@3", "MODIFIED a@4", "DELETED b@5", "ADDED d@6"));
        }
    }

    @Test
    void aWatchWithoutRevisionStartsNow() {
        create(app("before", 1));

        try (StreamRecorder stream = watch(APPS + "?watch=true")) {
            create(app("after", 1));

            await().untilAsserted(() -> assertThat(stream.events()).containsExactly("ADDED after@2"));
        }
    }

    @Test
    void aWatchFromRevisionZeroMissesNothingOfAnEmptyStore() {
        long listed =
                f.http.get(APPS).json().path("metadata").path("resourceVersion").asLong();
        create(app("first", 1));

        try (StreamRecorder stream = watch(APPS + "?watch=true&resourceVersion=" + listed)) {
            await().untilAsserted(() -> assertThat(stream.events()).containsExactly("ADDED first@1"));
            assertThat(listed).isZero();
        }
    }

    @Test
    void eventLinesCarryTheWholeObject() {
        try (StreamRecorder stream = watch(APPS + "?watch=true")) {
            create(app("a", 3));

            await().until(() -> !stream.events().isEmpty());
            JsonNode line = stream.json().stream()
                    .filter(l -> l.path("type").asText().equals("ADDED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(line.path("object").path("kind").asText()).isEqualTo("Application");
            assertThat(line.path("object")
                            .path("spec")
                            .path("components")
                            .get(0)
                            .path("replicas")
                            .asInt())
                    .isEqualTo(3);
            assertThat(line.has("error")).isFalse();
        }
    }

    @Test
    void aFieldSelectorShowsObjectsArrivingAsAddedAndLeavingAsDeleted() {
        try (StreamRecorder stream = watch(INSTANCES + "?watch=true&fieldSelector=spec.node%3Dn1")) {
            f.store.create(instance("i1", "n1")).orThrow(); // rev 1: matches
            f.store.create(instance("i2", "n2")).orThrow(); // rev 2: not shown
            f.store.update(instance("i1", "n2")).orThrow(); // rev 3: stops matching
            f.store.update(instance("i2", "n1")).orThrow(); // rev 4: starts matching
            f.store
                    .update(instance("i2", "n1")
                            .withMetadata(instance("i2", "n1").metadata().withLabel("x", "y")))
                    .orThrow(); // rev 5: still matches
            f.store.delete(Instance.class, "default", "i1", 0); // rev 6: did not match, not shown
            f.store.delete(Instance.class, "default", "i2", 0); // rev 7: matched

            await().untilAsserted(() -> assertThat(stream.events())
                    .containsExactly("ADDED i1@1", "DELETED i1@3", "ADDED i2@4", "MODIFIED i2@5", "DELETED i2@7"));
        }
    }

    @Test
    void aSelectorWatchFromAnOlderRevisionNeverLeavesAStaleObjectBehind() {
        f.store.create(instance("i1", "n1")).orThrow(); // rev 1
        long listed = f.store.list(Instance.class, "default").revision();
        f.store.update(instance("i1", "n2")).orThrow(); // rev 2: moved away before the watch began

        try (StreamRecorder stream =
                watch(INSTANCES + "?watch=true&fieldSelector=spec.node%3Dn1&resourceVersion=" + listed)) {
            f.store.create(instance("i3", "n1")).orThrow(); // rev 3

            await().untilAsserted(() -> assertThat(stream.events()).containsExactly("DELETED i1@2", "ADDED i3@3"));
        }
    }

    @Test
    void aLabelSelectorFiltersTheStream() {
        try (StreamRecorder stream = watch(APPS + "?watch=true&labelSelector=team%3Dedge")) {
            create(app("plain", 1));
            Application labelled = app("edgy", 1);
            create(labelled.withMetadata(labelled.metadata().withLabel("team", "edge")));

            await().untilAsserted(() -> assertThat(stream.events()).containsExactly("ADDED edgy@2"));
        }
    }

    @Test
    void aCompactedRevisionGetsOneExpiredErrorAndTheEnd() {
        create(app("a", 1));
        create(app("b", 1));
        create(app("c", 1));
        f.kv.compact(2);

        try (StreamRecorder stream = watch(APPS + "?watch=true&resourceVersion=1")) {
            await().until(stream::ended);

            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.lines).hasSize(1);
            JsonNode line = stream.json().getFirst();
            assertThat(line.path("type").asText()).isEqualTo("ERROR");
            assertThat(line.path("error").path("code").asInt()).isEqualTo(410);
            assertThat(line.path("error").path("reason").asText()).isEqualTo("Expired");
            assertThat(line.path("error").path("message").asText()).contains("list again");
        }
    }

    @Test
    void theCompactedRevisionItselfIsStillWatchable() {
        create(app("a", 1));
        create(app("b", 1));
        f.kv.compact(1);

        try (StreamRecorder stream = watch(APPS + "?watch=true&resourceVersion=1")) {
            await().untilAsserted(() -> assertThat(stream.events()).containsExactly("ADDED b@2"));
        }
    }

    @Test
    void aRevisionFromTheFutureGetsExpiredToo() {
        create(app("a", 1));

        try (StreamRecorder stream = watch(APPS + "?watch=true&resourceVersion=99")) {
            await().until(stream::ended);

            assertThat(stream.json().getFirst().path("error").path("code").asInt())
                    .isEqualTo(410);
            assertThat(stream.json().getFirst().path("error").path("message").asText())
                    .contains("newer than the store's revision 1");
        }
    }

    @Test
    void aQuietStreamCarriesBookmarksThatFollowItsProgress() {
        create(app("a", 1));

        try (StreamRecorder stream = watch(APPS + "?watch=true")) {
            await().until(() -> stream.bookmarks().contains(1L));
            create(app("b", 1));

            await().until(() -> stream.bookmarks().contains(2L));
            assertThat(stream.bookmarks()).isSorted();
        }
    }

    @Test
    void closingTheServerEndsOpenStreams() {
        StreamRecorder stream = watch(APPS + "?watch=true");

        f.server.close();

        await().until(stream::ended);
    }

    @Test
    void watchingAnUnknownKindIs404BeforeAnyStream() {
        Http.Answer answer = f.http.get("/api/v1/widgets?watch=true");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("message").asText()).startsWith("unknown resource type \"widgets\"");
    }

    @Test
    void anUnsupportedFieldSelectorIs400NamingIt() {
        Http.Answer answer = f.http.get(APPS + "?watch=true&fieldSelector=spec.node%3Dn1");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).isEqualTo("fieldSelector");
        assertThat(answer.json().path("message").asText())
                .isEqualTo("fieldSelector: applications cannot be selected by \"spec.node\"; use one of"
                        + " metadata.name, metadata.namespace");
    }

    @Test
    void aMalformedResourceVersionIs400() {
        Http.Answer answer = f.http.get(APPS + "?watch=true&resourceVersion=abc");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText())
                .isEqualTo("resourceVersion=abc is not a non-negative integer");
    }

    @Test
    void listsHonourSelectorsToo() {
        f.store.create(instance("i1", "n1")).orThrow();
        f.store.create(instance("i2", "n2")).orThrow();
        f.store.create(MakeInstance.named("i3").obj()).orThrow();

        JsonNode onN1 = f.http.get(INSTANCES + "?fieldSelector=spec.node%3Dn1").json();
        JsonNode unbound = f.http.get(INSTANCES + "?fieldSelector=spec.node%3D").json();

        assertThat(Http.names(onN1)).containsExactly("i1");
        assertThat(Http.names(unbound)).containsExactly("i3");
    }

    @Test
    void aWatchIsCountedAsWatchInTheMetrics() {
        try (StreamRecorder stream = watch(APPS + "?watch=true")) {
            await().until(() -> f.http.get("/metrics").body().contains("continuum_api_watch_streams 1.0"));
            assertThat(stream.ended()).isFalse();
        }
        await().until(() -> f.http.get("/metrics").body().contains("continuum_api_watch_streams 0.0"));
        assertThat(f.http.get("/metrics").body())
                .contains(
                        "continuum_api_requests_seconds_count{method=\"WATCH\",route=\"/api/v1/namespaces/{namespace}/{plural}\",status=\"200\"} 1");
    }
}
