package dev.continuum.agent.runtime;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.model.Component;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceStatus;
import dev.continuum.wasm.ExitStatus;
import dev.continuum.wasm.WasiInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Instance on its own thread, from its prestart hooks to its end, and reports every change
 * of phase to a {@link StatusSink}. A new spec (template or epoch) gets a new supervisor; this one
 * only ever runs the object it was made for.
 *
 * <pre>
 *            start()
 *               |
 *               v
 *          PREPARING --(prestart hook fails, retryable)--> FETCH_BACKOFF --(delay)--> PREPARING
 *               |  \
 *               |   `--(prestart hook fails for good)--> FAILED
 *               v
 *   service:  RUNNING --(run ends: exit or trap)--> BACKOFF --(delay, restarts+1)--> RUNNING
 *   job:      RUNNING --(exit 0)--> SUCCEEDED     RUNNING --(other)--> FAILED
 *   function: RUNNING (ready: the gateway runs the module per request) until stopped
 *
 *   any state --stop()--> STOPPED   (interrupts the run, waits a bounded time; reports nothing:
 *                                     the Instance was deleted or replaced, or the agent stops)
 * </pre>
 *
 * Backoff (services and retryable fetch failures) starts at {@code restartBackoff}, doubles up to
 * {@code restartBackoffMax}, and starts over after a run of {@code healthyAfter}. Reported phases:
 * PREPARING and BACKOFF as {@code Starting}, FETCH_BACKOFF as {@code Failed} with the fetch reason.
 * Thread-safe.
 */
public final class InstanceSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSupervisor.class);
    /** Lasts longer than any backoff: a failed fetch never counts as a healthy run. */
    private static final Duration NEVER_HEALTHY = Duration.ofDays(36500);

    /** Where the supervisor is; see the class diagram. */
    public enum State {
        NEW,
        PREPARING,
        FETCH_BACKOFF,
        RUNNING,
        BACKOFF,
        SUCCEEDED,
        FAILED,
        STOPPED
    }

    private final InstanceContext context;
    private final List<InstanceHook> hooks;
    private final Engines engines;
    private final StatusSink sink;
    private final SupervisorSettings settings;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile State state = State.NEW;
    private volatile Thread thread;
    private volatile InstanceStatus status;

    public InstanceSupervisor(
            InstanceContext context,
            List<InstanceHook> hooks,
            Engines engines,
            StatusSink sink,
            SupervisorSettings settings) {
        this.context = context;
        this.hooks = List.copyOf(hooks);
        this.engines = engines;
        this.sink = sink;
        this.settings = settings;
        InstanceStatus previous = context.instance().status();
        // Restarts of this very run (same epoch) carry over an agent restart; a new epoch starts at 0.
        this.status =
                previous != null && previous.observedEpoch() == context.epoch() ? previous : InstanceStatus.PENDING;
    }

    public InstanceContext context() {
        return context;
    }

    public State state() {
        return state;
    }

    /** The last status this supervisor reported (or started from). */
    public InstanceStatus lastStatus() {
        return status;
    }

    /** True when this supervisor runs exactly {@code desired}: same uid, template and epoch. */
    public boolean runs(Instance desired) {
        return Objects.equals(context.uid(), desired.metadata().uid())
                && context.epoch() == desired.spec().epoch()
                && Objects.equals(
                        context.instance().spec().template(), desired.spec().template());
    }

    /** Starts the supervisor's thread. Call once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("supervisor of " + context.key() + " already started");
        }
        if (stopping()) {
            return;
        }
        thread = Thread.ofPlatform()
                .daemon(true)
                .name("instance " + context.key())
                .start(this::supervise);
    }

    /**
     * Stops the run: interrupts it and waits up to {@code grace} for the thread to end. Idempotent.
     *
     * @return true when the supervisor ended within {@code grace}
     */
    public boolean stop(Duration grace) {
        requestStop();
        if (thread == null) {
            return true;
        }
        try {
            boolean done = ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                LOG.warn("Instance {} did not stop within {}; leaving its thread behind", context.key(), grace);
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the run to stop (interrupting it) without waiting; {@link #awaitEnd} waits. Idempotent. */
    public void requestStop() {
        stopRequested.countDown();
        Thread t = thread;
        if (t == null) {
            state = State.STOPPED;
            return;
        }
        t.interrupt();
    }

    /** Waits until the supervisor's thread has ended (tests, shutdown). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return thread == null || ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void supervise() {
        try {
            note("starting " + context.type().wireName() + " " + source() + " (epoch " + context.epoch() + ")");
            if (!prepare()) {
                return;
            }
            switch (context.type()) {
                case SERVICE -> runService();
                case JOB -> runJob();
                case FUNCTION -> serveFunction();
            }
        } catch (InterruptedException e) {
            // stop() asked for it
        } catch (RuntimeException | Error e) {
            LOG.error("supervisor of Instance {} failed", context.key(), e);
            if (!stopping()) {
                state = State.FAILED;
                report(InstancePhase.FAILED, "AgentError", "the agent failed running it: " + e, null);
            }
        } finally {
            for (InstanceHook hook : hooks) {
                if (hook instanceof StopHook stop) {
                    try {
                        stop.stopped(context);
                    } catch (RuntimeException e) {
                        LOG.warn("stop hook {} of {} failed", hook.name(), context.key(), e);
                    }
                }
            }
            if (stopping() || state == State.RUNNING || state == State.NEW) {
                state = State.STOPPED;
            }
            ended.countDown();
        }
    }

    /** Runs the prestart hooks until they all proceed; false when the Instance failed for good. */
    private boolean prepare() throws InterruptedException {
        var backoff = new Backoff(settings.restartBackoff(), settings.restartBackoffMax(), NEVER_HEALTHY);
        state = State.PREPARING;
        report(InstancePhase.STARTING, "Preparing", "fetching and loading " + source(), null);
        while (true) {
            HookResult result = HookResult.proceed();
            for (InstanceHook hook : hooks) {
                if (hook instanceof PrestartHook prestart) {
                    result = prestart.prestart(context);
                    if (result instanceof HookResult.Fail) {
                        break;
                    }
                }
            }
            if (stopping()) {
                throw new InterruptedException();
            }
            if (!(result instanceof HookResult.Fail fail)) {
                return true;
            }
            if (!fail.retryable()) {
                state = State.FAILED;
                note(fail.reason() + ": " + fail.message());
                report(InstancePhase.FAILED, fail.reason(), fail.message(), null);
                return false;
            }
            Duration delay = backoff.next(Duration.ZERO);
            state = State.FETCH_BACKOFF;
            note(fail.reason() + ": " + fail.message() + "; retrying in " + human(delay));
            report(InstancePhase.FAILED, fail.reason(), fail.message() + "; retrying in " + human(delay), null);
            if (waitForStop(delay)) {
                throw new InterruptedException();
            }
            state = State.PREPARING;
        }
    }

    private void runService() throws InterruptedException {
        var backoff = new Backoff(settings.restartBackoff(), settings.restartBackoffMax(), settings.healthyAfter());
        String lastReason = null;
        String lastMessage = null;
        while (true) {
            ExitStatus exit = runOnce(lastReason, lastMessage);
            if (stopping()) {
                return;
            }
            Duration delay = backoff.next(exit.elapsed());
            lastReason = ExitReasons.reason(exit);
            lastMessage = "last run " + ExitReasons.describe(exit);
            state = State.BACKOFF;
            note(ExitReasons.describe(exit) + "; restarting in " + human(delay));
            status = status.withExitCode(exit.code());
            report(
                    InstancePhase.STARTING,
                    "BackOff",
                    ExitReasons.describe(exit) + "; restarting in " + human(delay),
                    null);
            if (waitForStop(delay)) {
                return;
            }
            status = status.withRestarts(status.restarts() + 1);
        }
    }

    private void runJob() {
        ExitStatus exit = runOnce(null, null);
        if (stopping()) {
            return;
        }
        status = status.withExitCode(exit.code());
        note(ExitReasons.describe(exit));
        if (exit.success()) {
            state = State.SUCCEEDED;
            report(InstancePhase.SUCCEEDED, ExitReasons.COMPLETED, "exited with code 0", null);
        } else {
            state = State.FAILED;
            report(InstancePhase.FAILED, ExitReasons.reason(exit), ExitReasons.describe(exit), null);
        }
    }

    private void serveFunction() throws InterruptedException {
        state = State.RUNNING;
        report(
                InstancePhase.RUNNING,
                "Ready",
                "serving requests at " + functionPath(),
                settings.clock().instant());
        poststart();
        note("ready: serving " + functionPath());
        waitForStop(null);
    }

    private String source() {
        Component template = context.instance().spec().template();
        if (template == null) {
            return "nothing (no template)";
        }
        return template.module() != null ? template.module() : "image " + template.image();
    }

    private String functionPath() {
        return "/fn/" + context.key().namespace() + "/" + context.application() + "/" + context.component();
    }

    private ExitStatus runOnce(String lastReason, String lastMessage) {
        state = State.RUNNING;
        report(InstancePhase.RUNNING, lastReason, lastMessage, settings.clock().instant());
        poststart();
        Component template = context.template();
        var args = new ArrayList<String>();
        args.add(context.component());
        args.addAll(template.args());
        try (OutputStream out = context.log().stream("stdout");
                OutputStream err = context.log().stream("stderr")) {
            var invocation = new WasiInvocation(
                    args, Map.copyOf(template.env()), InputStream.nullInputStream(), out, err, Map.of(), null);
            ExitStatus exit = engines.forType(context.type()).run(context.module(), invocation, context.capabilities());
            for (InstanceHook hook : hooks) {
                if (hook instanceof ExitHook exitHook) {
                    exitHook.exited(context, exit);
                }
            }
            return exit;
        } catch (IOException e) {
            throw new IllegalStateException("closing the log streams of " + context.key() + " failed", e);
        }
    }

    private void poststart() {
        for (InstanceHook hook : hooks) {
            if (hook instanceof PoststartHook post) {
                post.poststart(context);
            }
        }
    }

    /** Waits {@code delay} (forever when null); true when a stop was requested meanwhile. */
    private boolean waitForStop(Duration delay) throws InterruptedException {
        if (delay == null) {
            stopRequested.await();
            return true;
        }
        return stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report(InstancePhase phase, String reason, String message, Instant startTime) {
        Instant now = settings.clock().instant();
        Instant transition =
                phase == status.phase() && status.lastTransitionTime() != null ? status.lastTransitionTime() : now;
        InstanceStatus next = new InstanceStatus(
                phase,
                reason,
                message,
                settings.address(),
                startTime != null ? startTime : status.startTime(),
                transition,
                status.restarts(),
                status.exitCode(),
                context.epoch(),
                null);
        status = next;
        sink.report(context.instance(), next);
    }

    private void note(String text) {
        context.log().append(InstanceLog.AGENT, text);
        LOG.debug("Instance {}: {}", context.key(), text);
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 60 != 0 || s < 60) {
            return s + "s";
        }
        return (s / 60) + "m";
    }
}
