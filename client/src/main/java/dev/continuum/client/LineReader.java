package dev.continuum.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Splits a streamed HTTP body into lines that a consumer takes with a deadline, which is how a watch
 * notices a stream that went silent (a blocking read would wait forever on a half-open connection).
 * The body is requested one chunk at a time, as the consumer needs lines, so a slow consumer slows
 * the stream instead of filling memory. One producer (the HTTP client) and one consumer.
 */
final class LineReader implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final AtomicBoolean requested = new AtomicBoolean(true);
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        // Cleared before the lines are queued: a consumer that takes them and finds the queue empty
        // again must be able to ask for more (cleared after, its request could be lost).
        requested.set(false);
        boolean emitted = false;
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    queue.add(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                    emitted = true;
                } else {
                    partial.write(b);
                }
            }
        }
        if (!emitted) {
            requestMore(); // no whole line yet: keep reading, the consumer is waiting for one
        }
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        if (partial.size() > 0) {
            queue.add(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
        queue.add(END);
    }

    /**
     * The next line, or null at the end of the stream.
     *
     * @throws TimeoutException when no line came within {@code timeout}
     * @throws IOException when the connection broke
     */
    String next(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        Object item = queue.poll();
        if (item == null) {
            requestMore();
            item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new TimeoutException("no line for " + timeout.toMillis() + " ms");
            }
        }
        if (item == END) {
            queue.add(END);
            return null;
        }
        if (item instanceof Throwable t) {
            queue.add(t);
            throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        return (String) item;
    }

    /** Asks for the next chunk unless a request is already outstanding. */
    private void requestMore() {
        Flow.Subscription s = subscription;
        if (s != null && requested.compareAndSet(false, true)) {
            s.request(1);
        }
    }

    /** Stops the stream; a consumer waiting in {@link #next} sees its end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.add(END);
    }
}
