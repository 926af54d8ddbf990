package dev.continuum.model;

/**
 * Which component of which application this copy runs, on which node, at which fencing epoch.
 *
 * @param node empty until the scheduler binds it
 * @param epoch grows each time the copy is moved or replaced; an agent runs only the newest
 */
public record InstanceSpec(String application, String component, Component template, String node, long epoch) {

    public InstanceSpec withNode(String value) {
        return new InstanceSpec(application, component, template, value, epoch);
    }

    public InstanceSpec withTemplate(Component value) {
        return new InstanceSpec(application, component, value, node, epoch);
    }

    public InstanceSpec withEpoch(long value) {
        return new InstanceSpec(application, component, template, node, value);
    }
}
