package dev.continuum.agent.runtime;

import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import dev.continuum.wasm.wagi.WagiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedule triggers: while a function with {@code triggers: [{type: schedule, schedule: CRON}]} has
 * a Running copy on this node, it runs at every time {@code CRON} names ({@link CronSchedule}, UTC)
 * through WAGI, as a {@code POST} with an empty body and the expression in {@value #SCHEDULE_HEADER}
 * (the guest's {@code HTTP_CONTINUUM_SCHEDULE}); its output goes to the Instance's log with an
 * {@code agent} line {@code schedule <cron> -> <status>}. An expression that does not parse fails the
 * Instance at start as {@link #INVALID_TRIGGER}.
 *
 * <p>One timer (a virtual thread) per function and expression on this node, whatever the number of
 * local copies; each firing runs one copy. A run that lasts past the next firing delays it (firings
 * are never run twice at once, nor caught up: neither those missed while the node was down). Every
 * node that runs a copy runs it. Thread-safe.
 */
public final class ScheduleTriggerHook extends FunctionTriggerHook<ScheduleTriggerHook.Timers> implements PrestartHook {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTriggerHook.class);
    /** The request header that carries the expression that fired. */
    public static final String SCHEDULE_HEADER = "Continuum-Schedule";
    /** The status reason when a trigger cannot be used. */
    public static final String INVALID_TRIGGER = "InvalidTrigger";

    private final LocalFunctions functions;
    private final Clock clock;

    public ScheduleTriggerHook(LocalFunctions functions, Clock clock) {
        this.functions = functions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "schedule-triggers";
    }

    @Override
    List<String> values(InstanceContext context) {
        return FunctionRoute.triggerValues(context, TriggerType.SCHEDULE, Trigger::schedule);
    }

    @Override
    public HookResult prestart(InstanceContext context) {
        for (String schedule : values(context)) {
            try {
                CronSchedule.parse(schedule);
            } catch (IllegalArgumentException e) {
                return HookResult.fail(
                        INVALID_TRIGGER, "component " + context.component() + ": " + e.getMessage(), false);
            }
        }
        return HookResult.proceed();
    }

    @Override
    Timers triggers(FunctionRoute route) {
        return new Timers(route);
    }

    @Override
    String describe(List<String> values) {
        return "runs on schedule " + String.join(", ", values) + " (UTC)";
    }

    /** The timers of one function on this node. Guarded by the hook's monitor. */
    final class Timers extends Triggers {
        private final Map<String, Thread> running = new HashMap<>();

        Timers(FunctionRoute route) {
            super(route);
        }

        @Override
        void changed() {
            Set<String> wanted = new LinkedHashSet<>();
            copies.values().forEach(wanted::addAll);
            for (String schedule : wanted) {
                running.computeIfAbsent(
                        schedule,
                        s -> Thread.ofVirtual()
                                .name("schedule " + route.scriptName() + " " + s)
                                .start(() -> fire(CronSchedule.parse(s))));
            }
            running.entrySet().removeIf(entry -> {
                if (wanted.contains(entry.getKey())) {
                    return false;
                }
                entry.getValue().interrupt();
                return true;
            });
        }

        @Override
        void end() {
            running.values().forEach(Thread::interrupt);
            running.clear();
        }

        private void fire(CronSchedule schedule) {
            try {
                while (true) {
                    ZonedDateTime next = schedule.next(ZonedDateTime.now(clock)).orElse(null);
                    if (next == null) {
                        LOG.warn("{}: schedule {} names no time in the coming decades", route.scriptName(), schedule);
                        return;
                    }
                    Duration wait = Duration.between(clock.instant(), next.toInstant());
                    if (!wait.isNegative()) {
                        Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
                    }
                    run(schedule);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }

        private void run(CronSchedule schedule) throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            LocalFunctions.Target target = functions.pick(route.namespace(), route.application(), route.component());
            if (target == null) {
                return; // stopping: the last copy left the gateway's table first
            }
            var request = new WagiRequest(
                    "POST",
                    route.scriptName(),
                    "",
                    "",
                    Map.of(SCHEDULE_HEADER, List.of(schedule.toString())),
                    new byte[0],
                    "",
                    null,
                    0);
            try {
                target.runForEvent(request, "schedule " + schedule);
            } catch (RuntimeException e) {
                LOG.error("running {} on schedule {} failed", route.scriptName(), schedule, e);
            }
        }
    }
}
