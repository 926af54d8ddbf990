package dev.continuum.model;

import java.util.List;

/** How an application's components are doing. */
public record ApplicationStatus(List<ComponentStatus> components, Long observedGeneration) {

    public static final ApplicationStatus EMPTY = new ApplicationStatus(null, null);

    public ApplicationStatus {
        components = Collections2.list(components);
    }

    /** One component: copies wanted, copies running, and a sentence when something is wrong. */
    public record ComponentStatus(String name, int desired, int running, String message) {}
}
