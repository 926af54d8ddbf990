package dev.continuum.agent.runtime;

/**
 * Refuses what this agent cannot run before anything is fetched: an Instance without a template,
 * or a component that is a container image rather than a WebAssembly module.
 */
public final class RuntimeCheckHook implements PrestartHook {

    /** The status reason when the component needs a runtime this agent lacks. */
    public static final String UNSUPPORTED_RUNTIME = "UnsupportedRuntime";

    @Override
    public String name() {
        return "runtime-check";
    }

    @Override
    public HookResult prestart(InstanceContext context) {
        if (context.instance().spec().template() == null) {
            return HookResult.fail(
                    UNSUPPORTED_RUNTIME, "Instance " + context.key() + " has no spec.template; nothing to run", false);
        }
        if (!"wasm".equals(context.template().runtime())) {
            return HookResult.fail(
                    UNSUPPORTED_RUNTIME,
                    "component " + context.component() + " runs the container image "
                            + context.template().image()
                            + ", but this node's runtimes are [wasm]; give the component a WebAssembly module",
                    false);
        }
        return HookResult.proceed();
    }
}
