package dev.continuum.wasm.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.wasm.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.MemoryLimits;

/**
 * The flat memory behaves as the WebAssembly specification (and Endive's reference memory) says:
 * the same loads, stores, traps, growth and bulk operations, access by access.
 */
class FlatMemoryTest {
    private static final WasmModule MODULE = Parser.parse(Fixtures.bytes("memory.wasm"));
    private static final Function<Instance, run.endive.runtime.Machine> MACHINES =
            MachineFactoryCompiler.compile(MODULE);

    private static Instance instance(Function<MemoryLimits, Memory> memory) {
        return Instance.builder(MODULE)
                .withMachineFactory(MACHINES)
                .withMemoryFactory(memory)
                .build();
    }

    private static Instance flat(int capPages) {
        return instance(limits -> new FlatMemory(limits, capPages));
    }

    private static Instance reference() {
        return instance(ByteArrayMemory::new);
    }

    /** What one call did: its results, or the fact that it trapped. */
    private static String outcome(Instance instance, String export, long... args) {
        try {
            long[] results = instance.export(export).apply(args);
            return results == null || results.length == 0 ? "ok" : Long.toString(results[0]);
        } catch (RuntimeException e) {
            return "trap:"
                    + (e.getMessage() != null && e.getMessage().contains("out of bounds") ? "oob" : e.getMessage());
        }
    }

    private static final String[] LOADS = {
        "load8_s",
        "load8_u",
        "load16_s",
        "load16_u",
        "load32",
        "load64",
        "load64_8_s",
        "load64_16_u",
        "load64_32_s",
        "load64_32_u",
        "loadf32",
        "loadf64",
        "load32_offset"
    };
    private static final String[] STORES = {
        "store8", "store16", "store32", "store64", "store64_32", "storef32", "storef64"
    };

    private static long address(Random random, int size) {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(16);
            case 1 -> size - 1 - random.nextInt(16);
            case 2 -> size + random.nextInt(16) - 8;
            case 3 -> random.nextInt(size);
            case 4 -> -1 - random.nextInt(16);
            default -> random.nextInt() & 0xffff_ffffL;
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void matchesTheReferenceMemoryAccessByAccess(long seed) {
        var random = new Random(seed);
        var flat = flat(4);
        var reference = reference();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            int size = (int) reference.export("size").apply()[0] * 65536;
            String export;
            long[] args;
            int kind = random.nextInt(100);
            if (kind < 45) {
                export = LOADS[random.nextInt(LOADS.length)];
                args = new long[] {address(random, size)};
            } else if (kind < 90) {
                export = STORES[random.nextInt(STORES.length)];
                args = new long[] {address(random, size), random.nextLong()};
                if (export.equals("store8")
                        || export.equals("store16")
                        || export.equals("store32")
                        || export.equals("storef32")) {
                    args[1] &= 0xffff_ffffL;
                }
            } else if (kind < 93) {
                export = "grow";
                args = new long[] {random.nextInt(3)};
            } else if (kind < 96) {
                export = random.nextBoolean() ? "fill" : "copy";
                args = new long[] {
                    address(random, size),
                    random.nextBoolean() ? random.nextInt(256) : address(random, size),
                    random.nextInt(300)
                };
            } else if (kind < 99) {
                export = "init";
                args = new long[] {address(random, size), random.nextInt(16), random.nextInt(16)};
            } else {
                export = "drop";
                args = new long[0];
            }
            String expected = outcome(reference, export, args);
            String actual = outcome(flat, export, args);
            log.add(export + java.util.Arrays.toString(args) + " -> " + expected);
            assertThat(actual)
                    .as(
                            "seed %d, step %d: %s%s (last steps: %s)",
                            seed,
                            step,
                            export,
                            java.util.Arrays.toString(args),
                            log.subList(Math.max(0, log.size() - 5), log.size()))
                    .isEqualTo(expected);
        }
        var flatMemory = (FlatMemory) flat.memory();
        assertThat(flatMemory.readBytes(0, flatMemory.sizeInBytes()))
                .as("seed %d: final contents", seed)
                .isEqualTo(reference.memory().readBytes(0, flatMemory.sizeInBytes()));
    }

    @Test
    void growsUpToTheModulesOwnMaximumThenReturnsMinusOne() {
        var instance = flat(100);

        assertThat(instance.export("grow").apply(3)[0]).isEqualTo(1);
        assertThat(instance.export("size").apply()[0]).isEqualTo(4);
        assertThat(instance.export("grow").apply(1)[0]).isEqualTo(-1);
        assertThat(instance.export("grow").apply(0)[0]).isEqualTo(4);
    }

    @Test
    void trapsWithATypedErrorWhenGrowthPassesTheEngineCap() {
        var instance = flat(2);

        assertThat(instance.export("grow").apply(1)[0]).isEqualTo(1);
        assertThatThrownBy(() -> instance.export("grow").apply(1))
                .isInstanceOf(MemoryLimitExceededException.class)
                .hasMessageContaining("asked for 3 pages")
                .hasMessageContaining("limit is 2 pages");
        assertThat(instance.export("size").apply()[0]).isEqualTo(2);
    }

    @Test
    void keepsDataWrittenBeforeAGrowAndZeroesTheNewPages() {
        var instance = flat(4);
        instance.export("store64").apply(65528, 0x1122334455667788L);

        instance.export("grow").apply(1);

        assertThat(instance.export("load64").apply(65528)[0]).isEqualTo(0x1122334455667788L);
        assertThat(instance.export("load64").apply(65536)[0]).isZero();
        assertThat(instance.export("load32").apply(2 * 65536 - 4)[0]).isZero();
    }

    @Test
    void reportsThePagesChangedSinceTheBaselineIncludingBothSidesOfAStraddle() {
        var instance = flat(4);
        var memory = (FlatMemory) instance.memory();
        instance.export("grow").apply(3);
        memory.clearDirty();

        instance.export("store32").apply(65534, 0x07070707); // straddles pages 0 and 1
        instance.export("store8").apply(3 * 65536 + 5, 1);

        assertThat(memory.dirtyPages()).containsExactly(0, 1, 3);
        memory.clearDirty();
        assertThat(memory.dirtyPages()).isEmpty();
        instance.export("fill").apply(2 * 65536 - 1, 9, 2);
        assertThat(memory.dirtyPages()).containsExactly(1, 2);
        memory.clearDirty();
        instance.export("store8").apply(3 * 65536 + 5, 1);
        assertThat(memory.dirtyPages())
                .as("rewriting the same byte changes nothing")
                .isEmpty();
        instance.export("grow").apply(0);
    }

    @Test
    void reportsEveryPageDirtyBeforeTheFirstBaselineAndNewPagesAfterAGrow() {
        var instance = flat(4);
        var memory = (FlatMemory) instance.memory();

        assertThat(memory.dirtyPages()).containsExactly(0);
        memory.clearDirty();
        instance.export("grow").apply(2);
        assertThat(memory.dirtyPages()).containsExactly(1, 2);
    }

    @Test
    void refusesToInstantiateADataSegmentThatDoesNotFit() {
        var module = Parser.parse(Fixtures.bytes("oob-data.wasm"));

        assertThatThrownBy(() -> Instance.builder(module)
                        .withMachineFactory(MachineFactoryCompiler.compile(module))
                        .withMemoryFactory(limits -> new FlatMemory(limits, 10))
                        .build())
                .hasMessageContaining("out of bounds memory access");
    }
}
