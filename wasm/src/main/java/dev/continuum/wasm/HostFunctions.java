package dev.continuum.wasm;

import run.endive.runtime.ImportValues;
import run.endive.wasm.types.FunctionType;

/** Resolves a module's imports to the host functions of one run. */
final class HostFunctions {
    private HostFunctions() {}

    /** The signature Continuum provides for {@code module.name}, or null when it provides none. */
    static FunctionType signature(String module, String name) {
        if (WasiFunctions.MODULE.equals(module)) {
            return WasiFunctions.type(name);
        }
        return null;
    }

    /** The host functions {@code module} imports, bound to {@code session}. */
    static ImportValues imports(LoadedModule module, WasiSession session) {
        var builder = ImportValues.builder();
        if (module.imports().stream().anyMatch(i -> i.module().equals(WasiFunctions.MODULE))) {
            builder.addFunction(session.functions());
        }
        return builder.build();
    }
}
