package dev.continuum.agent.runtime;

import dev.continuum.model.ComponentType;

/**
 * Publishes a Running function to the gateway's {@link LocalFunctions} and withdraws it when the
 * supervisor ends. Other component types pass through untouched.
 */
public final class FunctionRouteHook implements PoststartHook, StopHook {

    private final LocalFunctions functions;
    private final Engines engines;

    public FunctionRouteHook(LocalFunctions functions, Engines engines) {
        this.functions = functions;
        this.engines = engines;
    }

    @Override
    public String name() {
        return "function-route";
    }

    @Override
    public void poststart(InstanceContext context) {
        if (context.type() == ComponentType.FUNCTION && context.module() != null) {
            functions.add(
                    context.key().namespace(),
                    context.application(),
                    context.component(),
                    new LocalFunctions.Target(
                            context.key(),
                            context.module(),
                            engines.functions(),
                            context.log(),
                            context.template().env(),
                            context.capabilities()));
        }
    }

    @Override
    public void stopped(InstanceContext context) {
        if (context.type() == ComponentType.FUNCTION) {
            functions.remove(context.key().namespace(), context.application(), context.component(), context.key());
        }
    }
}
