package dev.continuum.scheduler;

/**
 * An instance that preemption would evict so that a higher-priority one fits on its node.
 *
 * @param priority the victim's priority, always lower than the preemptor's
 */
public record Victim(String namespace, String name, String node, String application, String component, int priority) {

    static Victim of(BoundInstance i) {
        return new Victim(i.namespace(), i.name(), i.node(), i.application(), i.component(), i.priority());
    }

    /** {@code namespace/name}. */
    public String key() {
        return BoundInstance.key(namespace, name);
    }
}
