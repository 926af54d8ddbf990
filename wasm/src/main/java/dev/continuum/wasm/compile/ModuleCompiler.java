package dev.continuum.wasm.compile;

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
    private ModuleCompiler() {}

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
