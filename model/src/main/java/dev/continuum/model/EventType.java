package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How much an Event matters. */
public enum EventType implements WireEnum {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static EventType parse(String text) {
        return WireEnum.parse(EventType.class, "event type", text);
    }
}
