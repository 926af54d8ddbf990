package dev.continuum.agent.runtime;

import dev.continuum.agent.fetch.FetchResult;
import dev.continuum.agent.fetch.ModuleFetcher;
import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;

/**
 * Fetches the component's module (verified against its digest, cached by digest) and loads it into
 * the engine for the component's type. A rejected module fails as {@link #INVALID_MODULE} with the
 * engine's reason; fetch failures carry the fetcher's reason and say whether to retry.
 */
public final class ModuleHook implements PrestartHook {

    /** The status reason when the engine refuses the module (not WebAssembly, invalid, unlinkable, ...). */
    public static final String INVALID_MODULE = "InvalidModule";

    /** Told which module (by digest) an Instance loaded, so that its blob is kept while the Instance is. */
    @FunctionalInterface
    public interface Loaded {
        void loaded(InstanceContext context, String digest);
    }

    private final ModuleFetcher fetcher;
    private final Engines engines;
    private final Loaded loaded;

    public ModuleHook(ModuleFetcher fetcher, Engines engines) {
        this(fetcher, engines, (context, digest) -> {});
    }

    public ModuleHook(ModuleFetcher fetcher, Engines engines, Loaded loaded) {
        this.fetcher = fetcher;
        this.engines = engines;
        this.loaded = loaded;
    }

    @Override
    public String name() {
        return "module";
    }

    @Override
    public HookResult prestart(InstanceContext context) throws InterruptedException {
        String url = context.template().module();
        FetchResult result = fetcher.fetch(url, context.template().digest());
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped while fetching " + url);
        }
        if (result instanceof FetchResult.Failed failed) {
            return HookResult.fail(failed.reason(), failed.message(), failed.retryable());
        }
        var fetched = (FetchResult.Fetched) result;
        try {
            LoadedModule module = engines.forType(context.type()).load(fetched.bytes());
            context.module(module);
            loaded.loaded(context, fetched.digest());
            context.log()
                    .append(
                            InstanceLog.AGENT,
                            "loaded module " + url + " (" + module.digest() + ", " + module.size() + " bytes"
                                    + (fetched.cached() ? ", from the node's cache" : "") + ")");
            return HookResult.proceed();
        } catch (ModuleRejectedException e) {
            return HookResult.fail(INVALID_MODULE, "module " + url + " was rejected: " + e.getMessage(), false);
        }
    }
}
