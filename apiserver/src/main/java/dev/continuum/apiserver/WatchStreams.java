package dev.continuum.apiserver;

import dev.continuum.model.Resource;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.api.WatchLine;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.ResourceEvent;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.WatchStart;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code ?watch=true}: one store watch per stream, its events written as newline-delimited
 * {@link WatchLine}s on the request's own (virtual) thread, with a {@code BOOKMARK} line whenever the
 * stream was silent for the bookmark interval.
 *
 * <pre>
 *   store watch ──events──▶ queue ──▶ request thread: selector ──▶ line ──▶ flush
 *                                      └── silent for the interval ──▶ BOOKMARK
 * </pre>
 *
 * A stream ends when the client goes away (noticed on the next write), when the store cancels the
 * watch, or when the server closes; the client then resumes from the last revision it saw. A
 * revision older than the store's history, or newer than its present, gets one {@code ERROR} line
 * (410 {@code Expired}) and the end of the stream. Thread-safe.
 */
final class WatchStreams {

    static final String CONTENT_TYPE = "application/x-ndjson";

    /**
     * No {@code resourceVersion}: from the store's current revision. Any given revision, 0 included,
     * is honoured as given: a client that listed an empty store at revision 0 must see every later
     * change, even one written between its list and its watch.
     */
    static final long NOW = -1;

    private static final Logger LOG = LoggerFactory.getLogger(WatchStreams.class);

    /** Queue items that are not events. */
    private enum Signal {
        CLOSE,
        CANCELLED
    }

    private final ResourceStore store;
    private final long bookmarkNanos;
    private final Set<BlockingQueue<Object>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    WatchStreams(ResourceStore store, Duration bookmarkInterval) {
        this.store = store;
        this.bookmarkNanos = bookmarkInterval.toNanos();
    }

    int openStreams() {
        return open.size();
    }

    /** Ends every open stream; the server is closing. */
    void closeAll() {
        closing = true;
        for (BlockingQueue<Object> q : open) {
            q.add(Signal.CLOSE);
        }
    }

    <T extends Resource> void serve(
            Context ctx, Class<T> type, String namespace, SelectorQuery selector, long requested) throws IOException {
        if (closing) {
            throw ApiFailure.unavailable("the API server is shutting down; watch again in a moment");
        }
        long now = store.raw().revision();
        if (requested > now) {
            begin(ctx);
            writeError(
                    ctx.res().getOutputStream(),
                    "resourceVersion " + requested + " is newer than the store's"
                            + " revision " + now + " (was the store replaced?); list again and watch from the list's"
                            + " resourceVersion");
            return;
        }
        long from = requested == NOW ? now : requested;
        SelectorTracker<T> tracker =
                selector.isEmpty() ? null : new SelectorTracker<>(store, type, namespace, selector);
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        WatchStart start = store.watch(type, namespace, from, queue::add, () -> queue.add(Signal.CANCELLED));
        begin(ctx);
        OutputStream out = ctx.res().getOutputStream();
        switch (start) {
            case WatchStart.TooOld tooOld -> writeError(out, tooOld.message());
            case WatchStart.Started started -> {
                open.add(queue);
                try {
                    stream(out, queue, tracker, from);
                } finally {
                    open.remove(queue);
                    started.watch().close();
                }
            }
        }
    }

    private static void begin(Context ctx) throws IOException {
        ctx.res().setStatus(200);
        ctx.res().setContentType(CONTENT_TYPE);
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().flushBuffer();
    }

    private <T extends Resource> void stream(
            OutputStream out, BlockingQueue<Object> queue, SelectorTracker<T> tracker, long from) {
        long progress = from;
        long nextBookmark = System.nanoTime() + bookmarkNanos;
        try {
            while (!closing) {
                Object item = queue.poll(Math.max(0, nextBookmark - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (item == null) {
                    write(
                            out,
                            new WatchLine<>(
                                    WatchLine.BOOKMARK, Map.of("metadata", Map.of("resourceVersion", progress)), null));
                    nextBookmark = System.nanoTime() + bookmarkNanos;
                    continue;
                }
                if (item instanceof Signal) {
                    return;
                }
                @SuppressWarnings("unchecked")
                ResourceEvent<T> event = (ResourceEvent<T>) item;
                progress = event.revision();
                WatchLine<T> line = tracker == null ? lineOf(event.type().name(), event.object()) : tracker.line(event);
                if (line != null) {
                    write(out, line);
                    nextBookmark = System.nanoTime() + bookmarkNanos;
                }
            }
        } catch (IOException e) {
            LOG.debug("watch client went away: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T extends Resource> WatchLine<T> lineOf(String type, T object) {
        return new WatchLine<>(type, object, null);
    }

    private static void writeError(OutputStream out, String message) throws IOException {
        write(out, new WatchLine<>(WatchLine.ERROR, null, ApiError.of(410, "Expired", message)));
    }

    private static void write(OutputStream out, WatchLine<?> line) throws IOException {
        byte[] json = ResourceCodec.get().encode(line);
        byte[] framed = new byte[json.length + 1];
        System.arraycopy(json, 0, framed, 0, json.length);
        framed[json.length] = '\n';
        out.write(framed);
        out.flush();
    }
}
