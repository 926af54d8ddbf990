package dev.continuum.wasm.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.ExitStatus.Outcome;
import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.memory.FlatMemory;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.compiler.Cache;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * Compiled code rewritten to access the flat memory directly behaves as the WebAssembly
 * specification says, compared with Endive's own compiled code over its reference memory: the
 * same values, the same traps, and growth inside a callee seen at once by the caller's loop.
 *
 * <p>Offsets of 2^31 and more are judged against the specification itself: any access with one
 * traps in a memory of at most 8 pages, but Endive's own code adds such an offset as a negative
 * {@code int} (and its interpreter wraps {@code base + offset} around 2^32), so neither can be
 * the reference there.
 */
class FlatAccessRewriterTest {
    private static final WasmModule MODULE = Parser.parse(Fixtures.bytes("access.wasm"));

    private static Instance rewritten() {
        return Instance.builder(MODULE)
                .withMachineFactory(ModuleCompiler.compile(MODULE, null))
                .withMemoryFactory(limits -> new FlatMemory(limits, 8))
                .build();
    }

    /** Endive's compiled code, not rewritten, over its reference memory. */
    private static Instance reference() {
        return Instance.builder(MODULE)
                .withMachineFactory(MachineFactoryCompiler.compile(MODULE))
                .withMemoryFactory(ByteArrayMemory::new)
                .build();
    }

    /** Exports whose offset is 2^31 or more: every access traps (see the class comment). */
    private static final Set<String> ALWAYS_OUT_OF_BOUNDS = Set.of("load16_u_huge", "store64_huge");

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
        "load32",
        "load32_o1",
        "load8_s_o3",
        "load8_u_far",
        "load16_s_o65535",
        "load16_u_huge",
        "load64_o7",
        "load64_32_u_far",
        "loadf32_bits",
        "loadf64_bits"
    };
    private static final String[] STORES = {
        "store8_o65535", "store16_o5", "store32_far", "store64", "store64_huge", "storef32_bits", "storef64_bits"
    };

    private static long address(Random random, int size) {
        return switch (random.nextInt(7)) {
            case 0 -> random.nextInt(24);
            case 1 -> size - 1 - random.nextInt(24);
            case 2 -> size + random.nextInt(24) - 12;
            case 3 -> random.nextInt(size);
            case 4 -> (-1 - random.nextInt(24)) & 0xffff_ffffL;
            case 5 -> (0x4000_0000L - random.nextInt(24)) & 0xffff_ffffL;
            default -> random.nextInt() & 0xffff_ffffL;
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void matchesTheInterpreterAccessByAccess(long seed) {
        var random = new Random(seed);
        var candidate = rewritten();
        var reference = reference();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            int size = (int) reference.export("size").apply()[0] * 65536;
            String export;
            long[] args;
            int kind = random.nextInt(100);
            if (kind < 48) {
                export = LOADS[random.nextInt(LOADS.length)];
                args = new long[] {address(random, size)};
            } else if (kind < 96) {
                export = STORES[random.nextInt(STORES.length)];
                args = new long[] {address(random, size), random.nextLong()};
                if (!export.startsWith("store64") && !export.equals("storef64_bits")) {
                    args[1] &= 0xffff_ffffL;
                }
            } else if (kind < 98) {
                export = "grow";
                args = new long[] {random.nextInt(2)};
            } else {
                export = "sum";
                long from = address(random, size);
                args = new long[] {from, (from + random.nextInt(64)) & 0xffff_ffffL};
            }
            String expected = ALWAYS_OUT_OF_BOUNDS.contains(export) ? "trap:oob" : outcome(reference, export, args);
            String actual = outcome(candidate, export, args);
            log.add(export + Arrays.toString(args) + " -> " + expected);
            assertThat(actual)
                    .as(
                            "seed %d, step %d: %s%s (last steps: %s)",
                            seed,
                            step,
                            export,
                            Arrays.toString(args),
                            log.subList(Math.max(0, log.size() - 5), log.size()))
                    .isEqualTo(expected);
        }
        int size = (int) reference.export("size").apply()[0] * 65536;
        assertThat(candidate.memory().readBytes(0, size))
                .as("seed %d: final contents", seed)
                .isEqualTo(reference.memory().readBytes(0, size));
    }

    @Test
    void aLoopSeesPagesThatACalleeGrewAtOnce() {
        var candidate = rewritten();

        assertThat(outcome(candidate, "grow_and_touch", 3)).isEqualTo("6");
        assertThat(outcome(candidate, "size")).isEqualTo("7");
        assertThat(outcome(candidate, "sum", 7 * 65536 - 3, 7 * 65536)).isEqualTo("1");
        assertThat(outcome(candidate, "sum", 7 * 65536 - 3, 7 * 65536 + 1)).isEqualTo("trap:oob");
        assertThat(outcome(candidate, "grow_and_touch", 1))
                .as("the second grow fails at the module's maximum of 8 pages; the first one counts")
                .isEqualTo("1");
        assertThat(outcome(candidate, "size")).isEqualTo("8");
    }

    /** Iterations of {@code do { i += stride; } while (i != n)} from 0, with int wrap-around. */
    private static long iterations(int stride, int n) {
        int i = 0;
        long count = 0;
        do {
            i += stride;
            count++;
        } while (i != n);
        return count;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1 << 30, 0x7000_0000, Integer.MIN_VALUE, -(1 << 28), -(1 << 30)})
    void runsAVersionedNotEqualLoopAsOftenAsTheModuleSays(int n) {
        var candidate = rewritten();
        long expected = iterations(1 << 28, n);

        assertThat(outcome(candidate, "up_iv_right", n & 0xffff_ffffL))
                .as("n > i stays in the counted loop; n < i after the first step goes on in the copy")
                .isEqualTo(Long.toString(expected));
        assertThat(outcome(candidate, "up_iv_left", n & 0xffff_ffffL)).isEqualTo(Long.toString(expected));
    }

    @Test
    void stopsAVersionedLoopThatNeverEndsAtItsDeadline() {
        try (var engine = new WasmEngine(WasmEngineOptions.defaults())) {
            var module = engine.load(Fixtures.bytes("access.wasm"));
            var deadline = Duration.ofMillis(200);
            try (var instance = engine.instantiate(
                    module, WasiInvocation.of("access").withDeadline(deadline), Capabilities.none())) {
                // i goes 2^28, 2^29, ... and wraps around without ever being 1: the copy loops forever.
                var result = instance.call("up_iv_right", 1);

                assertThat(result.status().outcome()).isEqualTo(Outcome.DEADLINE_EXCEEDED);
                assertThat(result.status().elapsed()).isGreaterThanOrEqualTo(deadline);
                assertThat(instance.call("up_iv_right", 1 << 30).results()[0])
                        .as("the instance still runs")
                        .isEqualTo(4);
            }
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {-2, -1000, -200_000})
    void runsADownwardVersionedLoopAsOftenAsTheModuleSays(int n) {
        var candidate = rewritten();

        assertThat(outcome(candidate, "down_by_two", n & 0xffff_ffffL)).isEqualTo(Long.toString(iterations(-2, n)));
    }

    /** A loop of access.wat that StripMining bounds: its stride, and when it goes on. */
    private record StripMined(
            String export, boolean testAtTop, int stride, java.util.function.BiPredicate<Integer, Integer> goesOn) {}

    private static final List<StripMined> STRIP_MINED = List.of(
            new StripMined("top_lt_s_up3", true, 3, (i, n) -> i < n),
            new StripMined("top_le_u_up_big", true, 0x1000_0001, (i, n) -> Integer.compareUnsigned(i, n) <= 0),
            new StripMined("top_ne_up2", true, 2, (i, n) -> !i.equals(n)),
            new StripMined("top_gt_u_down5", true, -5, (i, n) -> Integer.compareUnsigned(i, n) > 0),
            new StripMined("top_ge_s_down_big", true, -0x1000_0001, (i, n) -> i >= n),
            new StripMined("top_nez_down1", true, -1, (i, n) -> i != 0),
            new StripMined("top_le_s_up1_swapped", true, 1, (i, n) -> i <= n),
            new StripMined("bottom_lt_u_up4", false, 4, (i, n) -> Integer.compareUnsigned(i, n) < 0),
            new StripMined("bottom_ge_u_down3_swapped", false, -3, (i, n) -> Integer.compareUnsigned(i, n) >= 0),
            new StripMined("bottom_gt_s_down7", false, -7, (i, n) -> i > n),
            new StripMined("top_lt_u_up1", true, 1, (i, n) -> Integer.compareUnsigned(i, n) < 0),
            new StripMined("bottom_ge_u_down3", false, -3, (i, n) -> Integer.compareUnsigned(i, n) >= 0));

    /** How often the loop's body runs from {@code i}, or -1 past {@code cap} iterations. */
    private static long iterations(StripMined loop, int i, int n, long cap) {
        long count = 0;
        while (count <= cap) {
            if (loop.testAtTop() && !loop.goesOn().test(i, n)) {
                return count;
            }
            count++;
            i += loop.stride();
            if (!loop.testAtTop() && !loop.goesOn().test(i, n)) {
                return count;
            }
        }
        return -1;
    }

    private static int edgeValue(Random random) {
        int[] edges = {
            0,
            1,
            2,
            3,
            -1,
            -2,
            -3,
            Integer.MIN_VALUE,
            Integer.MIN_VALUE + 1,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE - 4,
            1024,
            1025,
            -1024
        };
        int base = edges[random.nextInt(edges.length)];
        return random.nextBoolean() ? base : base + random.nextInt(8200) - 4100;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 11, 20261127})
    void runsStripMinedLoopsAsOftenAsTheModuleSays(long seed) {
        var random = new Random(seed);
        var candidate = rewritten();
        int checked = 0;
        for (int step = 0; step < 2_400; step++) {
            StripMined loop = STRIP_MINED.get(step % STRIP_MINED.size());
            int i = edgeValue(random);
            int n = random.nextInt(4) == 0 ? i + random.nextInt(5000) - 2500 : edgeValue(random);
            long expected = iterations(loop, i, n, 300_000);
            if (expected < 0) {
                continue; // too long to run here (or endless: see the deadline test)
            }
            checked++;
            assertThat(outcome(candidate, loop.export(), i & 0xffff_ffffL, n & 0xffff_ffffL))
                    .as("seed %d: %s(%d, %d)", seed, loop.export(), i, n)
                    .isEqualTo(Long.toString((int) expected));
        }
        assertThat(checked).isGreaterThan(800);
    }

    @Test
    void stopsStripMinedLoopsThatNeverEndAtTheirDeadline() {
        try (var engine = new WasmEngine(WasmEngineOptions.defaults())) {
            var module = engine.load(Fixtures.bytes("access.wasm"));
            var deadline = Duration.ofMillis(200);
            // i <=u 0xffffffff always holds; i != n never fails when they differ in parity; i + 4
            // wraps around before it reaches n = -1 (0, 4, ..., 0xfffffffc, 0, ...)
            long[][] endless = {{0, 0xffff_ffffL}, {0, 1}, {0, 0xffff_ffffL}};
            String[] exports = {"top_le_u_up_big", "top_ne_up2", "bottom_lt_u_up4"};
            for (int k = 0; k < exports.length; k++) {
                try (var instance = engine.instantiate(
                        module, WasiInvocation.of("access").withDeadline(deadline), Capabilities.none())) {
                    var result = instance.call(exports[k], endless[k]);

                    assertThat(result.status().outcome()).as(exports[k]).isEqualTo(Outcome.DEADLINE_EXCEEDED);
                    assertThat(result.status().elapsed()).isGreaterThanOrEqualTo(deadline);
                    assertThat(result.status().elapsed())
                            .as("%s stops soon after its deadline", exports[k])
                            .isLessThan(deadline.plusSeconds(2));
                }
            }
        }
    }

    /** The classes ModuleCompiler keeps for access.wasm (rewritten), by entry name. */
    private static Map<String, byte[]> rewrittenClasses() throws Exception {
        Map<String, byte[]> stored = new HashMap<>();
        Cache capture = new Cache() {
            @Override
            public byte[] get(String key) {
                return stored.get(key);
            }

            @Override
            public void putIfAbsent(String key, byte[] value) {
                stored.putIfAbsent(key, value);
            }
        };
        ModuleCompiler.compile(MODULE, capture);

        assertThat(stored).hasSize(1);
        var classes = new HashMap<String, byte[]>(
                RewritingClassCache.read(stored.values().iterator().next()));
        classes.keySet().removeIf(name -> !name.endsWith(".class"));
        return classes;
    }

    /** The generated method of the function access.wat exports as {@code export} (it imports nothing). */
    private static MethodModel exported(Map<String, byte[]> classes, String export) {
        var exports = MODULE.exportSection();
        int index = -1;
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(export)) {
                index = exports.getExport(i).index();
            }
        }
        String name = "func_" + index;
        return classes.values().stream()
                .flatMap(bytes -> ClassFile.of().parse(bytes).methods().stream())
                .filter(m -> m.methodName().equalsString(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name + " for " + export));
    }

    /** Conditional branches to a label bound before them: loop back edges that are tests. */
    private static int conditionalBackEdges(MethodModel method) {
        Set<java.lang.classfile.Label> bound = new java.util.HashSet<>();
        int count = 0;
        for (var element : method.code().orElseThrow()) {
            if (element instanceof LabelTarget target) {
                bound.add(target.label());
            } else if (element instanceof BranchInstruction branch
                    && branch.opcode() != Opcode.GOTO
                    && bound.contains(branch.target())) {
                count++;
            }
        }
        return count;
    }

    private static long calls(MethodModel method, String owner, String name) {
        return method.code()
                .orElseThrow()
                .elementStream()
                .filter(e -> e instanceof InvokeInstruction call
                        && call.owner().asInternalName().equals(owner)
                        && call.name().equalsString(name))
                .count();
    }

    @Test
    void aStripMinedLoopIsEnteredThroughAnOpaqueCopyAndABottomTestedOneBranchesBackFromItsFastTest() throws Exception {
        var classes = rewrittenClasses();
        MethodModel bottom = exported(classes, "bottom_lt_u_up4");
        MethodModel top = exported(classes, "top_lt_s_up3");

        for (MethodModel loop : List.of(bottom, top)) {
            assertThat(calls(loop, "dev/continuum/wasm/compile/StripMining", "enter"))
                    .as("the induction variable enters through StripMining.enter")
                    .isOne();
        }
        // bottom: "if (i < limit) goto head" is the back edge (C2 strip-mines such a counted loop);
        // top: the body follows the test, so the back edge stays a goto after it
        assertThat(conditionalBackEdges(bottom)).isOne();
        assertThat(conditionalBackEdges(top)).isZero();
    }

    @Test
    void rewritesTheGeneratedAccessorsAndKnowsWhichFunctionsGrowTheMemory() throws Exception {
        var classes = rewrittenClasses();
        String all = String.join(
                "\n",
                classes.values().stream()
                        .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                        .toList());
        assertThat(all)
                .contains("dev/continuum/wasm/memory/FlatAccess")
                .contains("memoryReadIntNear")
                .as("loops are strip-mined, entered through StripMining.enter")
                .contains("dev/continuum/wasm/compile/StripMining")
                .contains("enter");
        // Functions in declaration order: $grow is 17, $twice 18, "grow" 19, "grow_and_touch" 21.
        assertThat(MemoryGrowth.growingFunctions(classes.values()))
                .containsExactlyInAnyOrder("func_17", "func_18", "func_19", "func_21");
    }

    @Test
    void leavesAMethodAsEndiveWroteItWhenRewritingWouldPushItPastTheJitsSizeLimit() {
        byte[] small = accessorCalls(10);
        byte[] large = accessorCalls(7_990 / 7);
        var resolver = ClassHierarchyResolver.defaultResolver();
        var rewriter = new FlatAccessRewriter();

        assertThat(codeLength(rewriter.rewrite(small, resolver, Set.of()))).isGreaterThan(codeLength(small));
        assertThat(codeLength(large)).isLessThanOrEqualTo(FlatAccessRewriter.HUGE_METHOD_LIMIT);
        assertThat(rewriter.rewrite(large, resolver, Set.of())).isEqualTo(large);
    }

    /** A class whose one method makes {@code calls} Endive-style {@code memoryReadInt} calls. */
    private static byte[] accessorCalls(int calls) {
        var owner = ClassDesc.of("run.endive.gen.SampleShaded");
        var memory = ClassDesc.of("run.endive.runtime.Memory");
        var read = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int, memory);
        return ClassFile.of()
                .build(
                        ClassDesc.of("run.endive.gen.Sample"),
                        clazz -> clazz.withMethodBody(
                                "func_0",
                                MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, memory),
                                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                                code -> {
                                    for (int i = 0; i < calls; i++) {
                                        emitRead(code, owner, read);
                                    }
                                    code.iconst_0().ireturn();
                                }));
    }

    private static void emitRead(CodeBuilder code, ClassDesc owner, MethodTypeDesc read) {
        code.iload(0)
                .iconst_0()
                .aload(1)
                .invokestatic(owner, "memoryReadInt", read)
                .pop();
    }

    private static int codeLength(byte[] classBytes) {
        var method = ClassFile.of().parse(classBytes).methods().getFirst();
        return ((CodeAttribute) method.code().orElseThrow()).codeLength();
    }
}
