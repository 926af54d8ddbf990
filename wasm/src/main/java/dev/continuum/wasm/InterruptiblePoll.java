package dev.continuum.wasm;

import java.time.Duration;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmInterruptedException;

/**
 * {@code poll_oneoff} for the common case of a guest that sleeps ({@code sleep}, {@code nanosleep}:
 * only relative clock subscriptions), done with an interruptible {@link Thread#sleep}, so that a
 * deadline or an agent stopping a service ends the sleep at once instead of after it. Endive's own
 * implementation finishes the sleep first. Anything else (absolute times, file descriptors) goes
 * to Endive's.
 */
final class InterruptiblePoll {
    private static final int SUBSCRIPTION_BYTES = 48;
    private static final int EVENT_BYTES = 32;
    private static final int TAG_CLOCK = 0;
    private static final int FLAG_ABSTIME = 1;
    private static final int ERRNO_SUCCESS = 0;
    private static final int ERRNO_INVAL = 28;

    private InterruptiblePoll() {}

    /** Wraps Endive's {@code poll_oneoff}. */
    static HostFunction wrap(HostFunction endive) {
        return new HostFunction(endive.module(), endive.name(), endive.functionType(), (instance, args) -> {
            // poll_oneoff(in, out, nsubscriptions, nevents_out) -> errno
            Memory memory = instance.memory();
            int in = (int) args[0];
            int out = (int) args[1];
            int count = (int) args[2];
            if (count <= 0) {
                return new long[] {ERRNO_INVAL};
            }
            long shortest = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                int subscription = in + i * SUBSCRIPTION_BYTES;
                boolean relativeClock = memory.read(subscription + 8) == TAG_CLOCK
                        && (memory.readShort(subscription + 40) & FLAG_ABSTIME) == 0;
                if (!relativeClock) {
                    return endive.handle().apply(instance, args);
                }
                shortest = Math.min(shortest, memory.readLong(subscription + 24));
            }
            sleep(shortest);
            int events = 0;
            for (int i = 0; i < count; i++) {
                int subscription = in + i * SUBSCRIPTION_BYTES;
                if (Long.compareUnsigned(memory.readLong(subscription + 24), shortest) <= 0) {
                    int event = out + events * EVENT_BYTES;
                    memory.writeLong(event, memory.readLong(subscription)); // userdata
                    memory.writeShort(event + 8, (short) ERRNO_SUCCESS);
                    memory.writeByte(event + 10, (byte) TAG_CLOCK);
                    memory.fill((byte) 0, event + 11, event + EVENT_BYTES);
                    events++;
                }
            }
            memory.writeI32((int) args[3], events);
            return new long[] {ERRNO_SUCCESS};
        });
    }

    private static void sleep(long nanos) {
        if (nanos <= 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new WasmInterruptedException("Thread interrupted");
            }
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos < 0 ? Long.MAX_VALUE : nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmInterruptedException("Thread interrupted");
        }
    }
}
