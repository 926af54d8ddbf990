package dev.continuum.wasm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasm.types.FunctionType;

/**
 * Host functions whose behaviour is bound after the instance is built: each import delegates to
 * the function of the same name in whatever run is {@linkplain #bind bound}. This lets the engine
 * build instances ahead of time (the pre-warmed pool) and give each one the WASI context and
 * capabilities of the run that takes it. Bound and used by one thread at a time.
 */
final class ImportSlot {
    private final Map<String, WasmFunctionHandle> bound = new HashMap<>();
    private final java.util.Set<String> imported = new java.util.HashSet<>();

    /** Import values for {@code module}'s imports, each delegating through this slot. */
    ImportValues imports(LoadedModule module) {
        var builder = ImportValues.builder();
        for (var anImport : module.imports()) {
            String key = anImport.module() + "." + anImport.name();
            imported.add(key);
            FunctionType type = HostFunctions.signature(anImport.module(), anImport.name());
            builder.addFunction(new HostFunction(anImport.module(), anImport.name(), type, (instance, args) -> {
                var target = bound.get(key);
                if (target == null) {
                    throw new IllegalStateException(key + " was called before a run was bound to the instance");
                }
                return target.apply(instance, args);
            }));
        }
        return builder.build();
    }

    /** Points every import at the function of the same name in {@code functions} (those of one run). */
    void bind(List<HostFunction> functions) {
        bound.clear();
        for (var function : functions) {
            String key = function.module() + "." + function.name();
            if (imported.contains(key)) {
                bound.put(key, function.handle());
            }
        }
    }
}
