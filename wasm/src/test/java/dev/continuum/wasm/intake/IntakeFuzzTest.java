package dev.continuum.wasm.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.continuum.wasm.ExitStatus;
import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing of the intake path: random and mutated modules must either load or be rejected
 * with a {@link ModuleRejectedException}; those that load must run to an {@link ExitStatus} within
 * a short deadline. Anything else (another exception, a hang) is a bug, reported with the seed and
 * the case so it can be replayed. Each seed runs for a bounded time.
 */
class IntakeFuzzTest {
    private static final Duration BUDGET = Duration.ofSeconds(4);
    private static final List<String> SEEDS =
            List.of("probe.wasm", "memory.wasm", "loop.wasm", "deep.wasm", "grow.wasm", "counter.wasm");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 1234, 20260415})
    void randomAndMutatedModulesAreLoadedOrRejectedNeverCrashTheEngine(long seed) {
        var random = new Random(seed);
        var options = WasmEngineOptions.defaults().withMaxMemoryPages(256).withMaxOutputBytes(1 << 16);
        int loaded = 0;
        int rejected = 0;
        long stopAt = System.nanoTime() + BUDGET.toNanos();
        try (var engine = new WasmEngine(options)) {
            for (int i = 0; System.nanoTime() < stopAt; i++) {
                byte[] candidate = candidate(random);
                try {
                    var module = engine.load(candidate);
                    loaded++;
                    if (random.nextInt(4) == 0) {
                        var status =
                                engine.run(module, WasiInvocation.of("fuzz").withDeadline(Duration.ofMillis(200)));
                        assertThat(status).isNotNull();
                    }
                } catch (ModuleRejectedException e) {
                    rejected++;
                    assertThat(e.getMessage()).isNotBlank();
                } catch (Throwable t) {
                    fail(
                            String.format(
                                    "seed %d case %d: %s escaped intake for module %s",
                                    seed, i, t, describe(candidate)),
                            t);
                }
            }
            assertThat(Fixtures.probe(engine, "hello").status().success())
                    .as("the engine is still healthy")
                    .isTrue();
        }
        assertThat(loaded + rejected).as("cases tried with seed %d", seed).isGreaterThan(50);
        assertThat(rejected).as("most mutations are rejected").isPositive();
    }

    private static byte[] candidate(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] noise = new byte[8 + random.nextInt(200)];
            random.nextBytes(noise);
            System.arraycopy(new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0}, 0, noise, 0, 8);
            return noise;
        }
        byte[] module = Fixtures.bytes(SEEDS.get(random.nextInt(SEEDS.size())));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            module = mutate(module, random);
        }
        return module;
    }

    private static byte[] mutate(byte[] module, Random random) {
        int at = 8 + random.nextInt(Math.max(1, module.length - 8));
        return switch (random.nextInt(6)) {
            case 0 -> {
                byte[] copy = module.clone();
                copy[Math.min(at, copy.length - 1)] ^= (byte) (1 << random.nextInt(8));
                yield copy;
            }
            case 1 -> {
                byte[] copy = module.clone();
                copy[Math.min(at, copy.length - 1)] = (byte) random.nextInt(256);
                yield copy;
            }
            case 2 -> Arrays.copyOf(module, Math.min(at, module.length));
            case 3 -> {
                byte[] copy = new byte[module.length + 1];
                int where = Math.min(at, module.length);
                System.arraycopy(module, 0, copy, 0, where);
                copy[where] = (byte) random.nextInt(256);
                System.arraycopy(module, where, copy, where + 1, module.length - where);
                yield copy;
            }
            case 4 -> {
                int where = Math.min(at, module.length - 1);
                byte[] copy = new byte[module.length - 1];
                System.arraycopy(module, 0, copy, 0, where);
                System.arraycopy(module, where + 1, copy, where, module.length - where - 1);
                yield copy;
            }
            default -> {
                // A large LEB128 where a count or size may be: the classic allocation bomb.
                byte[] copy = Arrays.copyOf(module, module.length + 4);
                int where = Math.min(at, module.length);
                System.arraycopy(module, where, copy, where + 4, module.length - where);
                copy[where] = (byte) 0xff;
                copy[where + 1] = (byte) 0xff;
                copy[where + 2] = (byte) 0xff;
                copy[where + 3] = (byte) 0x0f;
                yield copy;
            }
        };
    }

    private static String describe(byte[] module) {
        return module.length + " bytes, starting " + HexFormat.of().formatHex(module, 0, Math.min(48, module.length));
    }
}
