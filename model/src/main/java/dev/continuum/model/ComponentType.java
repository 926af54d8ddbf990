package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What a component is: a long-running service, a request-driven function, or a run-to-completion job. */
public enum ComponentType implements WireEnum {
    SERVICE("service"),
    FUNCTION("function"),
    JOB("job");

    private final String wire;

    ComponentType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static ComponentType parse(String text) {
        return WireEnum.parse(ComponentType.class, "component type", text);
    }
}
