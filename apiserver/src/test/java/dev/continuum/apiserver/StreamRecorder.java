package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.codec.ResourceCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a streamed answer line by line on a thread of its own, for tests to wait on. */
final class StreamRecorder implements AutoCloseable {

    final HttpResponse<InputStream> response;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    StreamRecorder(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed by the test, or the server went away: either way the stream ended
        } finally {
            ended = true;
        }
    }

    boolean ended() {
        return ended;
    }

    List<JsonNode> json() {
        return lines.stream().map(StreamRecorder::parse).toList();
    }

    /** The lines that are not bookmarks, as {@code TYPE name@revision}. */
    List<String> events() {
        return json().stream()
                .filter(l -> !l.path("type").asText().equals("BOOKMARK"))
                .map(l -> l.path("type").asText() + " "
                        + l.path("object").path("metadata").path("name").asText() + "@"
                        + l.path("object")
                                .path("metadata")
                                .path("resourceVersion")
                                .asLong())
                .toList();
    }

    List<Long> bookmarks() {
        return json().stream()
                .filter(l -> l.path("type").asText().equals("BOOKMARK"))
                .map(l -> l.path("object")
                        .path("metadata")
                        .path("resourceVersion")
                        .asLong())
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return ResourceCodec.get().json().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
