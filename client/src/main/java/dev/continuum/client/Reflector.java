package dev.continuum.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.api.WatchLine;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows one kind through the API on a virtual thread of its own, for as long as it is open, and
 * tells a {@link WatchHandler} what it learns. Its loop:
 *
 * <pre>
 *   ┌──▶ list ──snapshot──▶ watch from the list's revision ──events, bookmarks──▶ (revision advances)
 *   │                          ▲                        │
 *   │                          │ stream ended, broke,   │ 410 Expired (history compacted)
 *   │                          │ or silent too long     │ or the handler threw
 *   │                          └──── resume from the ◀──┤
 *   │                                last revision      │
 *   └──────────────────────────────────────────────────┘
 *   any failure to reach the server: onConnectionChange(false), wait (backoff with jitter), try again
 * </pre>
 *
 * It resumes from the last revision it saw (an event's or a bookmark's), so a partition, a control
 * plane restart or a dead connection costs no events and needs no relist unless the server's
 * history no longer reaches back that far. Thread-safe.
 */
public final class Reflector<T extends Resource> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reflector.class.getName());

    private final ContinuumClient client;
    private final Class<T> type;
    private final String namespace;
    private final Selector selector;
    private final WatchHandler<T> handler;
    private final Backoff backoff;
    private final Duration idleTimeout;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile LineReader stream;
    private volatile Thread thread;
    private volatile long revision;
    private volatile boolean connected;
    private volatile boolean synced;

    Reflector(ContinuumClient client, Class<T> type, String namespace, Selector selector, WatchHandler<T> handler) {
        this.client = client;
        this.type = type;
        this.namespace = namespace;
        this.selector = selector;
        this.handler = handler;
        this.backoff =
                new Backoff(client.options().backoffInitial(), client.options().backoffMax());
        this.idleTimeout = client.options().watchIdleTimeout();
    }

    void start() {
        thread = Thread.ofVirtual()
                .name("reflector " + Kind.of(type).plural() + (namespace == null ? "" : " in " + namespace))
                .start(this::run);
    }

    /** Whether the last attempt to reach the server succeeded. */
    public boolean connected() {
        return connected;
    }

    /** Whether a snapshot has been handed to the handler yet. */
    public boolean synced() {
        return synced;
    }

    /** The revision the handler's state is at: the next resume starts after it. */
    public long revision() {
        return revision;
    }

    /**
     * Stops following. When it returns from any thread but the reflector's own, the handler is not
     * called again. Idempotent.
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        LineReader s = stream;
        if (s != null) {
            s.close();
        }
        client.forget(this);
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void run() {
        boolean needList = true;
        while (!isClosed()) {
            try {
                if (needList) {
                    ResourcePage<T> page = client.list(type, namespace, selector);
                    setConnected(true);
                    revision = page.revision();
                    call(() -> handler.onSnapshot(page.items(), page.revision()));
                    synced = true;
                    needList = false;
                }
                needList = follow();
            } catch (HandlerFailed e) {
                if (isClosed()) {
                    return;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the watch handler of " + Kind.of(type).plural() + " failed; listing again so that it can"
                                + " recover",
                        e.getCause());
                needList = true;
                pause();
            } catch (ApiException e) {
                if (isClosed()) {
                    return;
                }
                if (e.isExpired()) {
                    needList = true;
                    continue;
                }
                if (e.isUnreachable() || e.code() >= 500) {
                    setConnected(false);
                } else {
                    setConnected(true);
                }
                handler.onError(e);
                pause();
            }
        }
    }

    /**
     * Streams events from {@link #revision} until the stream ends. True when the caller must list
     * again (410, or a handler that threw).
     */
    private boolean follow() {
        LineReader lines = client.openWatch(type, namespace, selector, revision);
        stream = lines;
        if (isClosed()) {
            lines.close();
            return false;
        }
        setConnected(true);
        backoff.reset();
        try (lines) {
            String line;
            while (!isClosed() && (line = lines.next(idleTimeout)) != null) {
                if (!line.isBlank() && apply(line)) {
                    return true;
                }
            }
            return false;
        } catch (TimeoutException e) {
            setConnected(false);
            handler.onError(ApiException.unreachable(
                    client.server(),
                    "the watch of " + Kind.of(type).plural() + " was silent for " + idleTimeout.toMillis()
                            + " ms; reconnecting",
                    e));
            return false;
        } catch (IOException e) {
            setConnected(false);
            throw ApiException.unreachable(client.server(), "the watch stream broke: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            stream = null;
        }
    }

    /** Handles one line; true when the caller must list again. */
    private boolean apply(String text) {
        JsonNode line;
        try {
            line = ResourceCodec.get().json().readTree(text);
        } catch (IOException e) {
            throw new ApiException(
                    ApiError.of(
                            0, "BadResponse", client.server() + " sent a watch line that is not" + " JSON: " + text),
                    e);
        }
        String kind = line.path("type").asText();
        switch (kind) {
            case WatchLine.BOOKMARK ->
                revision = line.path("object")
                        .path("metadata")
                        .path("resourceVersion")
                        .asLong(revision);
            case WatchLine.ERROR -> {
                ApiError error = client.convert(line.path("error"), ApiError.class);
                if (error.code() == 410) {
                    return true;
                }
                throw new ApiException(error);
            }
            case WatchLine.ADDED, WatchLine.MODIFIED, WatchLine.DELETED -> {
                T object = client.convert(line.path("object"), type);
                call(() -> handler.onEvent(WatchEventType.valueOf(kind), object));
                revision = object.metadata().resourceVersion();
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "ignoring a watch line of type " + kind);
        }
        return false;
    }

    /** Runs handler code; its failure is told apart from the reflector's own. */
    private static void call(Runnable handlerCall) {
        try {
            handlerCall.run();
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    /** The handler threw: its state may be half-updated, so the reflector lists again. */
    private static final class HandlerFailed extends RuntimeException {
        HandlerFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private void setConnected(boolean value) {
        if (connected != value) {
            connected = value;
            handler.onConnectionChange(value);
        }
    }

    private void pause() {
        try {
            closed.await(backoff.next().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.countDown();
        }
    }

    @Override
    public String toString() {
        return "Reflector[" + Kind.of(type).plural() + (namespace == null ? "" : " in " + namespace) + ", " + selector
                + ", revision " + revision + "]";
    }
}
