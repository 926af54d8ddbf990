package dev.continuum.wasm;

import java.util.List;
import java.util.function.Function;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.WasmModule;

/**
 * A module that passed intake, validation and compilation: ready to instantiate any number of
 * times. Immutable and shareable between threads; obtained only from {@link WasmEngine#load}.
 */
public final class LoadedModule {
    private final String digest;
    private final long size;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final List<ModuleImport> imports;

    LoadedModule(
            String digest,
            long size,
            WasmModule module,
            Function<Instance, Machine> machineFactory,
            List<ModuleImport> imports) {
        this.digest = digest;
        this.size = size;
        this.module = module;
        this.machineFactory = machineFactory;
        this.imports = List.copyOf(imports);
    }

    /** {@code "sha256:<64 lowercase hex digits>"} of the module's bytes. */
    public String digest() {
        return digest;
    }

    /** The module's size in bytes. */
    public long size() {
        return size;
    }

    /** Every function the module imports, in declaration order. */
    public List<ModuleImport> imports() {
        return imports;
    }

    /** True when the module exports a function of this name. */
    public boolean exportsFunction(String name) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.name().equals(name) && export.exportType() == run.endive.wasm.types.ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }

    WasmModule wasm() {
        return module;
    }

    Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    @Override
    public String toString() {
        return "LoadedModule[" + digest + ", " + size + " bytes]";
    }

    /** One imported function: {@code module.name} and its signature as WebAssembly text writes it. */
    public record ModuleImport(String module, String name, String signature) {
        @Override
        public String toString() {
            return module + "." + name + " " + signature;
        }
    }
}
