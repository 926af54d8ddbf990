package dev.continuum.wasm;

import static dev.continuum.wasm.Fixtures.bytes;
import static dev.continuum.wasm.Fixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.wasm.ExitStatus.Outcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every run-time limit ends the guest with a typed outcome and leaves the engine healthy. */
class LimitsTest {
    private final WasmEngine engine =
            new WasmEngine(WasmEngineOptions.defaults().withMaxMemoryPages(64));

    @AfterEach
    void close() {
        engine.close();
    }

    private void assertHealthy() {
        assertThat(probe(engine, "hello").status().success())
                .as("the engine still runs modules")
                .isTrue();
    }

    /**
     * The bar: a {@code br_if} loop stops within 100 ms of its deadline. The first run warms
     * the JIT and only has to stop. Of the next five, the median stop must come within 100 ms of
     * the deadline (it takes a few milliseconds on an idle machine) and every one within 500 ms: on
     * a loaded 2-core machine the timer thread and the guest's thread can each wait for a core, so
     * a single late stop is the scheduler's, while a median past 100 ms would be the engine's.
     */
    @Test
    void stopsABrIfInfiniteLoopWithin100MillisecondsOfItsDeadline() {
        var loop = engine.load(bytes("loop.wasm"));
        var deadline = Duration.ofMillis(150);

        var warmUp = engine.run(loop, WasiInvocation.of("loop").withDeadline(deadline));
        assertThat(warmUp.outcome()).isEqualTo(Outcome.DEADLINE_EXCEEDED);

        var lateness = new java.util.ArrayList<Duration>();
        for (int i = 0; i < 5; i++) {
            var status = engine.run(loop, WasiInvocation.of("loop").withDeadline(deadline));
            assertThat(status.outcome()).isEqualTo(Outcome.DEADLINE_EXCEEDED);
            assertThat(status.code()).isEqualTo(ExitStatus.DEADLINE_CODE);
            assertThat(status.trap()).contains("deadline of PT0.15S passed");
            assertThat(status.elapsed()).isGreaterThanOrEqualTo(deadline);
            lateness.add(status.elapsed().minus(deadline));
        }
        lateness.sort(null);
        assertThat(lateness.get(2))
                .as("median stop after the deadline, of %s", lateness)
                .isLessThan(Duration.ofMillis(100));
        assertThat(lateness.getLast())
                .as("every stop after the deadline, of %s", lateness)
                .isLessThan(Duration.ofMillis(500));
        assertThat(Thread.currentThread().isInterrupted())
                .as("the deadline leaves no interrupt behind")
                .isFalse();
        assertHealthy();
    }

    @Test
    void stopsAGuestThatIsSleepingInTheHostAtItsDeadline() {
        var probe = engine.load(bytes("probe.wasm"));

        var status = engine.run(probe, WasiInvocation.of("probe", "nap").withDeadline(Duration.ofMillis(200)));

        assertThat(status.outcome()).isEqualTo(Outcome.DEADLINE_EXCEEDED);
        assertThat(status.elapsed())
                .as("the guest sleeps 1 s at a time; the deadline ends the sleep")
                .isLessThan(Duration.ofMillis(900));
        assertHealthy();
    }

    @Test
    void stopsWhenTheCallingThreadIsInterruptedAndKeepsTheInterruptSet() {
        var loop = engine.load(bytes("loop.wasm"));
        var status = new AtomicReference<ExitStatus>();
        var stillInterrupted = new AtomicBoolean();
        var runner = Thread.ofPlatform().start(() -> {
            status.set(engine.run(loop, WasiInvocation.of("loop")));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> runner.getState() == Thread.State.RUNNABLE);
        runner.interrupt();
        await().atMost(Duration.ofSeconds(10)).until(() -> status.get() != null);

        assertThat(status.get().outcome()).isEqualTo(Outcome.INTERRUPTED);
        assertThat(status.get().code()).isEqualTo(ExitStatus.INTERRUPTED_CODE);
        assertThat(stillInterrupted).isTrue();
        assertHealthy();
    }

    @Test
    void trapsWithAMemoryLimitWhenGrowthPassesTheEnginesPageCap() {
        var grow = engine.load(bytes("grow.wasm"));

        var status = engine.run(grow, WasiInvocation.of("grow"));

        assertThat(status.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(status.trap()).contains("asked for 65 pages").contains("limit is 64 pages");
        assertHealthy();
    }

    @Test
    void appliesAComponentsOwnTighterLimitsButNeverMoreThanTheEngines() {
        var grow = engine.load(bytes("grow.wasm"));
        var probe = engine.load(bytes("probe.wasm"));
        var none = dev.continuum.wasm.capability.Capabilities.none();
        var engineLimits = RunLimits.of(engine.options());

        var tight = engine.run(grow, WasiInvocation.of("grow"), none, engineLimits.withMemoryBytes(1 << 20));
        var generous = engine.run(grow, WasiInvocation.of("grow"), none, engineLimits.withMemoryBytes(1L << 30));
        var tooSmallToStart =
                engine.run(probe, WasiInvocation.of("probe", "hello"), none, engineLimits.withMemoryBytes(65536));
        var quiet = Fixtures.run(engine, probe, WasiInvocation.of("probe", "spew", "10000"));
        var capped =
                engine.run(probe, WasiInvocation.of("probe", "spew", "10000"), none, engineLimits.withOutputBytes(100));

        assertThat(tight.trap()).contains("limit is 16 pages");
        assertThat(generous.trap()).as("capped by the engine's 64 pages").contains("limit is 64 pages");
        assertThat(tooSmallToStart.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(tooSmallToStart.trap()).contains("asked for 2 pages");
        assertThat(quiet.status().success()).isTrue();
        assertThat(capped.outcome()).isEqualTo(Outcome.OUTPUT_LIMIT);
        assertHealthy();
    }

    @Test
    void letsCMallocFailGracefullyOrHitTheCapButNeverTakesTheEngineDown() {
        var run = probe(engine, "alloc", "100");
        var status = run.status();

        assertThat(status.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(probe(engine, "alloc", "2").stdout()).isEqualTo("allocated 2 MiB\n");
        assertHealthy();
    }

    @Test
    void keepsTheSpecificationsMinusOneForAModulesOwnMaximum() {
        var bounded = engine.load(bytes("bounded.wasm"));

        var status = engine.run(bounded, WasiInvocation.of("bounded"));

        assertThat(status.outcome()).isEqualTo(Outcome.EXITED);
        assertThat(status.code()).as("memory.grow returned -1, plus one").isZero();
    }

    @Test
    void failsToStartAModuleWhoseDataDoesNotFitItsMemory() {
        var module = engine.load(bytes("oob-data.wasm"));

        var status = engine.run(module, WasiInvocation.of("oob"));

        assertThat(status.outcome()).isEqualTo(Outcome.START_FAILED);
        assertThat(status.trap()).contains("out of bounds memory access");
        assertHealthy();
    }
}
