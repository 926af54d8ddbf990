package dev.continuum.controller.testing;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Lease;
import dev.continuum.model.LeaseSpec;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Tier;
import dev.continuum.testing.MakeNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders for the objects these tests store. */
public final class Resources {

    private Resources() {}

    public static Component service(String name) {
        return Component.of(name, ComponentType.SERVICE, "file:" + name + ".wasm");
    }

    public static Component job(String name) {
        return Component.of(name, ComponentType.JOB, "file:" + name + ".wasm");
    }

    public static Application application(String name, Component... components) {
        return Application.of(ObjectMeta.named("default", name), new ApplicationSpec(List.of(components), null));
    }

    /** A Ready linux/amd64 node on {@code tier} that runs wasm, with the given cpu and memory. */
    public static Node node(String name, Tier tier, String cpu, String memory) {
        return MakeNode.named(name).tier(tier).cpu(cpu).memory(memory).obj();
    }

    public static Lease lease(String node, Instant renewed, Duration duration) {
        return Lease.of(ObjectMeta.named(node), new LeaseSpec(node, renewed, renewed, duration));
    }
}
