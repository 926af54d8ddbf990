package dev.continuum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static final Duration SHORT = Duration.ofMillis(50);

    /** Counts what the reader asks for, as the HTTP client's subscription would see it. */
    private static final class Demand implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    private static List<ByteBuffer> chunk(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void linesSplitAcrossChunksAreJoined() throws Exception {
        LineReader reader = new LineReader();
        reader.onSubscribe(new Demand());

        reader.onNext(chunk("{\"a\":"));
        reader.onNext(chunk("1}\n{\"b\""));
        reader.onNext(chunk(":2}\n"));

        assertThat(reader.next(SHORT)).isEqualTo("{\"a\":1}");
        assertThat(reader.next(SHORT)).isEqualTo("{\"b\":2}");
    }

    @Test
    void aChunkWithoutAWholeLineAsksForMoreAtOnce() {
        LineReader reader = new LineReader();
        Demand demand = new Demand();
        reader.onSubscribe(demand);

        reader.onNext(chunk("no newline yet"));

        assertThat(demand.requested).hasValue(2);
    }

    @Test
    void theConsumerAsksForTheNextChunkOnceItHasTakenEveryLine() throws Exception {
        LineReader reader = new LineReader();
        Demand demand = new Demand();
        reader.onSubscribe(demand);
        reader.onNext(chunk("one\ntwo\n"));

        reader.next(SHORT);
        reader.next(SHORT);
        assertThat(demand.requested).hasValue(1);
        assertThatThrownBy(() -> reader.next(SHORT)).isInstanceOf(TimeoutException.class);

        assertThat(demand.requested).hasValue(2);
    }

    @Test
    void theEndGivesTheLastPartialLineThenNull() throws Exception {
        LineReader reader = new LineReader();
        reader.onSubscribe(new Demand());

        reader.onNext(chunk("last"));
        reader.onComplete();

        assertThat(reader.next(SHORT)).isEqualTo("last");
        assertThat(reader.next(SHORT)).isNull();
        assertThat(reader.next(SHORT)).isNull();
    }

    @Test
    void aBrokenConnectionIsAnIOException() {
        LineReader reader = new LineReader();
        reader.onSubscribe(new Demand());

        reader.onError(new IOException("connection reset"));

        assertThatThrownBy(() -> reader.next(SHORT))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void closingCancelsAndEndsTheStream() throws Exception {
        LineReader reader = new LineReader();
        Demand demand = new Demand();
        reader.onSubscribe(demand);

        reader.close();

        assertThat(demand.cancelled).isTrue();
        assertThat(reader.next(Duration.ofSeconds(10))).isNull();
    }
}
