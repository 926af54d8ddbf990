package dev.continuum.wasm;

import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.Capability;
import dev.continuum.wasm.capability.CapabilityHost;
import java.util.LinkedHashSet;
import java.util.Set;
import run.endive.runtime.ImportValues;
import run.endive.wasm.types.FunctionType;

/** Resolves a module's imports to host functions: WASI preview 1 and the granted capabilities. */
final class HostFunctions {
    private HostFunctions() {}

    /** The signature Continuum provides for {@code module.name}, or null when it provides none. */
    static FunctionType signature(String module, String name) {
        if (WasiFunctions.MODULE.equals(module)) {
            return WasiFunctions.type(name);
        }
        if (Capability.MODULE.equals(module)) {
            return Capability.signature(name);
        }
        return null;
    }

    /** The {@code continuum} functions {@code module} imports. */
    static Set<String> capabilityImports(LoadedModule module) {
        var names = new LinkedHashSet<String>();
        for (var anImport : module.imports()) {
            if (anImport.module().equals(Capability.MODULE)) {
                names.add(anImport.name());
            }
        }
        return names;
    }

    /**
     * Refuses a module that imports a capability the grant does not include, naming the first such
     * import and how to grant it.
     */
    static void checkGranted(LoadedModule module, Capabilities grant) {
        for (String name : capabilityImports(module)) {
            var capability = Capability.ofFunction(name).orElseThrow();
            if (!grant.granted().contains(capability)) {
                throw new ModuleRejectedException(
                        ModuleRejectedException.Reason.UNLINKABLE,
                        "module " + module.digest() + " imports " + Capability.MODULE + "." + name
                                + ", but its application does not grant the "
                                + capability.wireName() + " capability; add " + capability.wireName()
                                + " to the component's capabilities or rebuild the module without it");
            }
        }
    }

    /** The host functions {@code module} imports, bound to one run's WASI session and capability host. */
    static ImportValues imports(LoadedModule module, WasiSession session, CapabilityHost capabilities) {
        var builder = ImportValues.builder();
        if (module.imports().stream().anyMatch(i -> i.module().equals(WasiFunctions.MODULE))) {
            builder.addFunction(session.functions());
        }
        var wanted = capabilityImports(module);
        if (!wanted.isEmpty()) {
            capabilities.functions(wanted).forEach(builder::addFunction);
        }
        return builder.build();
    }
}
