package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Where a node's power comes from. */
public enum PowerSource implements WireEnum {
    MAINS("mains"),
    BATTERY("battery"),
    SOLAR("solar");

    private final String wire;

    PowerSource(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static PowerSource parse(String text) {
        return WireEnum.parse(PowerSource.class, "power source", text);
    }
}
