package dev.continuum.controller.testing;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Condition;
import dev.continuum.model.Lease;
import dev.continuum.model.LeaseSpec;
import dev.continuum.model.Node;
import dev.continuum.model.NodeSpec;
import dev.continuum.model.NodeStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Platform;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import dev.continuum.model.Tier;
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

    /** A Ready node on {@code tier} with the given cpu and memory, that runs wasm on amd64/linux. */
    public static Node node(String name, Tier tier, String cpu, String memory, Instant now) {
        ResourceList capacity = new ResourceList(Quantity.parse(cpu), Quantity.parse(memory));
        NodeStatus status = new NodeStatus(
                capacity,
                capacity,
                new Platform("amd64", "linux", null, "25", null),
                List.of("wasm"),
                null,
                null,
                null,
                List.of(Condition.of(Node.READY, true, "AgentReady", "the agent is running", now)),
                null,
                null);
        return Node.of(ObjectMeta.named(name), NodeSpec.EMPTY.withTier(tier), status);
    }

    public static Lease lease(String node, Instant renewed, Duration duration) {
        return Lease.of(ObjectMeta.named(node), new LeaseSpec(node, renewed, renewed, duration));
    }
}
