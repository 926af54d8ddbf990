package dev.continuum.agent.sync;

import dev.continuum.agent.runtime.InstanceSupervisor;
import dev.continuum.model.Instance;

/** Makes the (not yet started) supervisor for an Instance this node should run. */
@FunctionalInterface
public interface SupervisorFactory {

    InstanceSupervisor create(Instance instance);
}
