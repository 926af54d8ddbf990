package dev.continuum.agent.runtime;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.capability.Capabilities;
import java.util.Objects;

/**
 * What a supervisor and its hooks share about one Instance: the object it was started for (its spec
 * does not change under a supervisor: a new spec gets a new supervisor), its log, and what the
 * hooks prepared (the loaded module, the capabilities it was linked with). Thread-safe.
 */
public final class InstanceContext {
    private final Instance instance;
    private final InstanceKey key;
    private final InstanceLog log;
    private volatile LoadedModule module;
    private volatile Capabilities capabilities = Capabilities.none();

    public InstanceContext(Instance instance, InstanceLog log) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.key = InstanceKey.of(instance);
        this.log = Objects.requireNonNull(log, "log");
    }

    public Instance instance() {
        return instance;
    }

    public InstanceKey key() {
        return key;
    }

    public InstanceLog log() {
        return log;
    }

    /** The component to run; null only for a malformed Instance, which {@link RuntimeCheckHook} refuses. */
    public Component template() {
        return instance.spec().template();
    }

    /** The component's type; a service when the Instance has no template (it then fails in prestart). */
    public ComponentType type() {
        Component template = template();
        return template == null ? ComponentType.SERVICE : template.typeOrDefault();
    }

    public long epoch() {
        return instance.spec().epoch();
    }

    public String uid() {
        return instance.metadata().uid();
    }

    public String application() {
        return instance.spec().application();
    }

    public String component() {
        String name = instance.spec().component();
        return name != null || template() == null ? name : template().name();
    }

    /** The module a prestart hook loaded, or null before. */
    public LoadedModule module() {
        return module;
    }

    public void module(LoadedModule value) {
        this.module = value;
    }

    /** The grant the module was linked with ({@link CapabilityHook}); nothing before, or without that hook. */
    public Capabilities capabilities() {
        return capabilities;
    }

    public void capabilities(Capabilities value) {
        this.capabilities = Objects.requireNonNull(value, "capabilities");
    }
}
