package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What wakes a function: an HTTP request, an MQTT message, or a schedule. */
public enum TriggerType implements WireEnum {
    HTTP("http"),
    MQTT("mqtt"),
    SCHEDULE("schedule");

    private final String wire;

    TriggerType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static TriggerType parse(String text) {
        return WireEnum.parse(TriggerType.class, "trigger type", text);
    }
}
