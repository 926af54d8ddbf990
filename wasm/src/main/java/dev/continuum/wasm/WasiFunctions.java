package dev.continuum.wasm;

import java.util.LinkedHashMap;
import java.util.Map;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.types.FunctionType;

/** The names and signatures of the WASI preview 1 functions Endive provides, read once. */
final class WasiFunctions {
    static final String MODULE = "wasi_snapshot_preview1";

    private static final Map<String, FunctionType> TYPES = readTypes();

    private WasiFunctions() {}

    /** The signature of {@code name}, or null when WASI preview 1 has no such function. */
    static FunctionType type(String name) {
        return TYPES.get(name);
    }

    private static Map<String, FunctionType> readTypes() {
        var types = new LinkedHashMap<String, FunctionType>();
        try (var wasi = WasiPreview1.builder().build()) {
            for (var function : wasi.toHostFunctions()) {
                types.put(function.name(), function.functionType());
            }
        }
        return Map.copyOf(types);
    }
}
