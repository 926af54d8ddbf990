package dev.continuum.controller.testing;

import dev.continuum.controller.runtime.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock that moves only when a test says so, and the {@link Timer} that goes with it: tasks run on
 * the test's thread when {@link #advance} passes their time. Thread-safe.
 */
public final class ManualTime extends Clock implements Timer {

    private record Task(Instant due, long seq, Runnable run) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
            a.due().equals(b.due()) ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private Instant now;
    private long seq;

    public ManualTime(Instant start) {
        this.now = start;
    }

    public static ManualTime at(String isoInstant) {
        return new ManualTime(Instant.parse(isoInstant));
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("manual time is UTC");
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        synchronized (this) {
            Duration d = delay.isNegative() ? Duration.ZERO : delay;
            tasks.add(new Task(now.plus(d), seq++, task));
        }
    }

    /** Moves the clock forward and runs every task that has come due, in order of due time. */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            List<Runnable> due = new ArrayList<>();
            synchronized (this) {
                Task next = tasks.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    return;
                }
                Instant at = next.due();
                now = at.isAfter(now) ? at : now;
                while (!tasks.isEmpty() && !tasks.peek().due().isAfter(now)) {
                    due.add(tasks.poll().run());
                }
            }
            due.forEach(Runnable::run);
        }
    }

    /** Runs the tasks due now (those scheduled with no delay) without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait for their time. */
    public synchronized int pending() {
        return tasks.size();
    }
}
