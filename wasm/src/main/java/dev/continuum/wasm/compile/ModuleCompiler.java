package dev.continuum.wasm.compile;

import dev.continuum.wasm.memory.FlatAccess;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import run.endive.compiler.Cache;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.WasmModule;

/**
 * Compiles a module to JVM classes with Endive (never its interpreter) and post-processes them
 * with {@link FlatAccessRewriter} when the module's memory will be a
 * {@link dev.continuum.wasm.memory.FlatMemory}. Stateless; thread-safe.
 */
public final class ModuleCompiler {
    /**
     * The post-pass and the run-time classes its output calls, whose bytecode (with that of their
     * nested classes) {@link #PROFILE} digests: when any of it changes, classes compiled before may
     * be slower or no longer link.
     */
    private static final List<Class<?>> POST_PASS = List.of(
            FlatAccessRewriter.class,
            LoopVersioning.class,
            StripMining.class,
            MemoryGrowth.class,
            RewritingClassCache.class,
            FlatAccess.class);

    /**
     * Names how this build post-processes Endive's classes: {@code flat-access-} and the start of
     * the sha256 of the {@link #POST_PASS} classes' bytecode. The disk cache keeps entries under it,
     * so a build that rewrites differently never loads classes an older one rewrote.
     */
    public static final String PROFILE = "flat-access-" + digest(POST_PASS);

    private ModuleCompiler() {}

    static String digest(List<Class<?>> classes) {
        try {
            var sha256 = MessageDigest.getInstance("SHA-256");
            var members = classes.stream()
                    .flatMap(type -> Arrays.stream(type.getNestMembers()))
                    .distinct()
                    .sorted(Comparator.comparing(Class::getName))
                    .toList();
            for (Class<?> type : members) {
                String resource = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("cannot read " + resource + " to name the compile profile");
                    }
                    sha256.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot name the compile profile", e);
        }
    }

    /**
     * The machine factory for {@code module}; {@code cache} (may be null) keeps the rewritten
     * classes between engines.
     *
     * @throws RuntimeException whatever Endive throws when it cannot compile the module
     */
    public static Function<Instance, Machine> compile(WasmModule module, Cache cache) {
        // Endive's cache is the hook for post-processing its classes (RewritingClassCache): on a
        // miss Endive compiles and loads its own classes, so compile once more to load ours.
        var rewriting = new RewritingClassCache(cache, usesFlatMemory(module) ? new FlatAccessRewriter() : null);
        var compiler = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .withCache(rewriting);
        var factory = compiler.compile();
        return rewriting.compiledJustNow() ? compiler.compile() : factory;
    }

    /**
     * True when the engine gives this module a FlatMemory: it defines exactly one memory, not
     * shared (see {@code WasmEngine.memoryFor}); modules never import one (intake refuses it).
     */
    public static boolean usesFlatMemory(WasmModule module) {
        var memories = module.memorySection();
        return memories.isPresent()
                && memories.get().memoryCount() == 1
                && !memories.get().getMemory(0).limits().shared();
    }
}
