package dev.continuum.agent.gateway;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Application;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Answers {@link FunctionDirectory} lookups from the control plane: the Application says whether
 * the function exists; the Running Instances of the application (other than this node's) say where
 * copies run, at the gateway address they reported.
 */
public final class ControlPlaneFunctionDirectory implements FunctionDirectory {

    private final ContinuumClient client;
    private final String nodeName;

    public ControlPlaneFunctionDirectory(ContinuumClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    @Override
    public Lookup lookup(String namespace, String application, String component) {
        try {
            Optional<Application> app = client.get(Application.class, namespace, application);
            if (app.isEmpty()) {
                return new NoApplication();
            }
            Optional<Component> declared = app.get().spec().component(component);
            if (declared.isEmpty()) {
                return new NoComponent();
            }
            if (declared.get().typeOrDefault() != ComponentType.FUNCTION) {
                return new NotAFunction(declared.get().typeOrDefault().wireName());
            }
            var copies = new ArrayList<Copy>();
            for (Instance instance : client.list(
                            Instance.class, namespace, Selector.field("spec.application", application))
                    .items()) {
                if (component.equals(componentOf(instance))
                        && instance.status().phase() == InstancePhase.RUNNING
                        && instance.status().address() != null
                        && !nodeName.equals(instance.spec().node())) {
                    copies.add(
                            new Copy(instance.spec().node(), instance.status().address()));
                }
            }
            return new Copies(copies);
        } catch (ApiException e) {
            return new Unreachable(e.getMessage());
        }
    }

    private static String componentOf(Instance instance) {
        if (instance.spec().component() != null) {
            return instance.spec().component();
        }
        return instance.spec().template() == null
                ? null
                : instance.spec().template().name();
    }
}
