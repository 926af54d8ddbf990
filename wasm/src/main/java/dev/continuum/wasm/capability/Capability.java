package dev.continuum.wasm.capability;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * The host capabilities a component may be granted, each a set of functions in the
 * {@value #MODULE} import module. The names and signatures are the ABI (see {@code docs/abi.md}):
 * every parameter and result is an i32 (pointers and lengths into linear memory, statuses from
 * {@link AbiStatus}).
 */
public enum Capability {
    LOG("log", Map.of("log", 3)),
    KEYVALUE("keyvalue", Map.of("kv_get", 5, "kv_set", 4, "kv_delete", 2)),
    HTTP_OUTBOUND("http-outbound", Map.of("http_request", 12)),
    MESSAGING("messaging", Map.of("msg_publish", 4, "msg_subscribe", 2, "msg_receive", 6)),
    CONFIG("config", Map.of("config_get", 5));

    /** The import module name of every capability function. */
    public static final String MODULE = "continuum";

    private static final Map<String, Capability> BY_FUNCTION = Arrays.stream(values())
            .flatMap(c -> c.functions.keySet().stream().map(f -> Map.entry(f, c)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String wireName;
    private final Map<String, Integer> functions;

    Capability(String wireName, Map<String, Integer> functions) {
        this.wireName = wireName;
        this.functions = functions;
    }

    /** The name used in manifests and messages, e.g. {@code http-outbound}. */
    public String wireName() {
        return wireName;
    }

    /** The names of this capability's host functions. */
    public List<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }

    /** The capability that provides {@code continuum.<function>}, if any. */
    public static Optional<Capability> ofFunction(String function) {
        return Optional.ofNullable(BY_FUNCTION.get(function));
    }

    /** The signature of {@code continuum.<function>}: {@code n} i32 parameters, one i32 result. */
    public static FunctionType signature(String function) {
        var capability = BY_FUNCTION.get(function);
        if (capability == null) {
            return null;
        }
        int params = capability.functions.get(function);
        ValType[] in = new ValType[params];
        Arrays.fill(in, ValType.I32);
        return FunctionType.of(in, new ValType[] {ValType.I32});
    }

    /** Parses a wire name ({@code keyvalue}, {@code http-outbound}, ...), case-insensitively. */
    public static Capability fromWireName(String name) {
        Function<Capability, String> key = Capability::wireName;
        return Arrays.stream(values())
                .filter(c -> key.apply(c).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown capability " + name));
    }
}
