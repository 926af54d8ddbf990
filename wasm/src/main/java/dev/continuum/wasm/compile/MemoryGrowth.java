package dev.continuum.wasm.compile;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which generated functions may grow the memory, so that {@link FlatAccessRewriter} reads the
 * memory's array and size again only after calls that may have replaced them. Stateless.
 */
final class MemoryGrowth {
    private MemoryGrowth() {}

    /**
     * The generated functions ({@code func_<n>}) that may grow the memory: those that execute
     * {@code memory.grow}, make a call this cannot follow (indirect, host function), or call one
     * that may. A call to any other function cannot replace the memory's array, so the array and
     * size need not be read again after it.
     */
    static Set<String> growingFunctions(Collection<byte[]> classes) {
        Map<String, Set<String>> callees = new HashMap<>();
        Set<String> growing = new HashSet<>();
        for (byte[] bytes : classes) {
            for (MethodModel method : ClassFile.of().parse(bytes).methods()) {
                String name = method.methodName().stringValue();
                if (!FlatAccessRewriter.FUNCTION.matcher(name).matches()
                        || method.code().isEmpty()) {
                    continue;
                }
                var called = callees.computeIfAbsent(name, n -> new HashSet<>());
                for (CodeElement element : method.code().orElseThrow()) {
                    if (element instanceof InvokeInstruction invoke && !FlatAccessRewriter.cannotGrow(invoke)) {
                        String target = invoke.name().stringValue();
                        if (FlatAccessRewriter.FUNCTION.matcher(target).matches()) {
                            called.add(target);
                        } else {
                            growing.add(name);
                        }
                    }
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var entry : callees.entrySet()) {
                if (!growing.contains(entry.getKey())
                        && entry.getValue().stream()
                                .anyMatch(callee -> growing.contains(callee) || !callees.containsKey(callee))) {
                    growing.add(entry.getKey());
                    changed = true;
                }
            }
        }
        return growing;
    }
}
