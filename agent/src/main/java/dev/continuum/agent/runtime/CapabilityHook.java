package dev.continuum.agent.runtime;

import dev.continuum.agent.capability.CapabilityGrants;
import dev.continuum.agent.capability.GrantResult;
import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.capability.Capability;
import java.util.stream.Collectors;

/**
 * Links the loaded module with what the component is granted, when the Instance starts: the grant
 * comes from {@link CapabilityGrants}; a module that imports a capability it was not granted fails
 * the Instance as {@link #UNLINKABLE} with the engine's message (before any request or run), and a
 * grant this node cannot serve fails it with the grant's reason ({@code NoBroker}, ...). Runs after
 * {@link ModuleHook}.
 */
public final class CapabilityHook implements PrestartHook {

    /** The status reason when the module imports a capability its component is not granted. */
    public static final String UNLINKABLE = "Unlinkable";

    private final CapabilityGrants grants;
    private final Engines engines;

    public CapabilityHook(CapabilityGrants grants, Engines engines) {
        this.grants = grants;
        this.engines = engines;
    }

    @Override
    public String name() {
        return "capabilities";
    }

    @Override
    public HookResult prestart(InstanceContext context) {
        var result = grants.grant(
                context.key().namespace(), context.application(), context.template(), context.log(), context.module());
        if (result instanceof GrantResult.Refused refused) {
            return HookResult.fail(refused.reason(), refused.message(), refused.retryable());
        }
        var capabilities = ((GrantResult.Granted) result).capabilities();
        try {
            engines.forType(context.type()).link(context.module(), capabilities);
        } catch (ModuleRejectedException e) {
            return HookResult.fail(
                    UNLINKABLE, "component " + context.component() + " cannot be linked: " + e.getMessage(), false);
        }
        context.capabilities(capabilities);
        if (!capabilities.granted().isEmpty()) {
            context.log()
                    .append(
                            InstanceLog.AGENT,
                            "granted "
                                    + capabilities.granted().stream()
                                            .map(Capability::wireName)
                                            .collect(Collectors.joining(", ")));
        }
        return HookResult.proceed();
    }
}
