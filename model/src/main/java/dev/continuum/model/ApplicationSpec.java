package dev.continuum.model;

import java.util.List;
import java.util.Optional;

/** The components of an application and the links between them. */
public record ApplicationSpec(List<Component> components, List<ComponentLink> links) {

    public static final ApplicationSpec EMPTY = new ApplicationSpec(null, null);

    public ApplicationSpec {
        components = Collections2.list(components);
        links = Collections2.list(links);
    }

    public Optional<Component> component(String name) {
        return components.stream()
                .filter(c -> c != null && name.equals(c.name()))
                .findFirst();
    }
}
