package dev.continuum.wasm;

import dev.continuum.wasm.LoadedModule.ModuleImport;
import dev.continuum.wasm.ModuleRejectedException.Reason;
import dev.continuum.wasm.cache.DiskClassCache;
import dev.continuum.wasm.compile.ModuleCompiler;
import dev.continuum.wasm.intake.ModuleScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.InvalidException;
import run.endive.wasm.MalformedException;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;

/**
 * Turns bytes into a {@link LoadedModule}, or refuses them with the reason: raw intake limits,
 * decoding and validation, the memory and function limits, the link check against the host
 * functions Continuum provides, and compilation (never the interpreter). Stateless apart from its
 * configuration; thread-safe.
 */
final class ModuleIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleIntake.class);

    private final WasmEngineOptions options;
    private final ModuleScanner scanner;
    private final DiskClassCache diskCache;

    ModuleIntake(WasmEngineOptions options, DiskClassCache diskCache) {
        this.options = options;
        this.scanner = new ModuleScanner(options.intake());
        this.diskCache = diskCache;
    }

    /** Checks, decodes, links and compiles {@code bytes} (whose digest is {@code digest}). */
    LoadedModule accept(String digest, byte[] bytes) {
        scanner.scan(bytes);
        WasmModule module = decode(bytes);
        checkMemory(module);
        List<ModuleImport> imports = link(module);
        var factory = compile(module);
        LOG.debug("loaded {} ({} bytes, {} imports)", digest, bytes.length, imports.size());
        return new LoadedModule(digest, bytes.length, module, factory, imports);
    }

    private static WasmModule decode(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (MalformedException e) {
            throw new ModuleRejectedException(Reason.MALFORMED, "malformed module: " + e.getMessage(), e);
        } catch (InvalidException e) {
            throw new ModuleRejectedException(Reason.INVALID, "invalid module: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The decoder reports some truncations as plain runtime exceptions.
            throw new ModuleRejectedException(
                    Reason.MALFORMED, "malformed module: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ModuleRejectedException(Reason.LIMIT_EXCEEDED, "module nests blocks too deeply to decode", e);
        } catch (AssertionError e) {
            // Endive's decoder asserts on some inconsistent code (found by IntakeFuzzTest).
            throw new ModuleRejectedException(
                    Reason.MALFORMED,
                    "malformed module: the decoder found inconsistent code (" + e.getMessage() + ")",
                    e);
        }
    }

    private void checkMemory(WasmModule module) {
        int limit = options.intake().maxMemoryPages();
        var memories = module.memorySection();
        if (memories.isPresent()) {
            for (int i = 0; i < memories.get().memoryCount(); i++) {
                int initial = memories.get().getMemory(i).limits().initialPages();
                if (initial > limit) {
                    throw new ModuleRejectedException(
                            Reason.LIMIT_EXCEEDED,
                            "memory " + i + " starts at " + initial + " pages (" + (initial * 64L)
                                    + " KiB); the limit is " + limit + " pages");
                }
            }
        }
        int functions = module.functionSection().functionCount()
                + module.importSection().count(ExternalType.FUNCTION);
        if (functions > options.intake().maxFunctions()) {
            throw new ModuleRejectedException(
                    Reason.LIMIT_EXCEEDED,
                    "module has " + functions + " functions with its imports; the limit is "
                            + options.intake().maxFunctions());
        }
    }

    /** Every import must be a function that WASI or the Continuum ABI provides with that signature. */
    private static List<ModuleImport> link(WasmModule module) {
        var imports = new ArrayList<ModuleImport>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var anImport = section.getImport(i);
            String where = anImport.module() + "." + anImport.name();
            if (!(anImport instanceof FunctionImport function)) {
                throw new ModuleRejectedException(
                        Reason.UNLINKABLE,
                        "module imports " + where + " (a "
                                + anImport.importType().name().toLowerCase(java.util.Locale.ROOT)
                                + "); Continuum provides only functions to import, from "
                                + WasiFunctions.MODULE + " and continuum");
            }
            FunctionType wanted = module.typeSection().getType(function.typeIndex());
            FunctionType provided = HostFunctions.signature(anImport.module(), anImport.name());
            if (provided == null) {
                throw new ModuleRejectedException(
                        Reason.UNLINKABLE,
                        "module imports " + where + ", which Continuum does not provide; a module may import "
                                + WasiFunctions.MODULE + " functions and the continuum ABI (docs/abi.md)");
            }
            if (!provided.typesMatch(wanted)) {
                throw new ModuleRejectedException(
                        Reason.UNLINKABLE,
                        "module imports " + where + " as " + wanted + " but Continuum provides it as " + provided);
            }
            imports.add(new ModuleImport(anImport.module(), anImport.name(), wanted.toString()));
        }
        return imports;
    }

    private Function<Instance, Machine> compile(WasmModule module) {
        try {
            return ModuleCompiler.compile(module, diskCache);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new ModuleRejectedException(
                    Reason.UNCOMPILABLE,
                    "module cannot be compiled to JVM bytecode: " + e.getMessage()
                            + " (a function may be too large; split it or build with optimisations)",
                    e);
        }
    }
}
