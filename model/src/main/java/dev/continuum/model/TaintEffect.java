package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What a taint does to components that do not tolerate it. */
public enum TaintEffect implements WireEnum {
    NO_SCHEDULE("NoSchedule"),
    PREFER_NO_SCHEDULE("PreferNoSchedule"),
    NO_EXECUTE("NoExecute");

    private final String wire;

    TaintEffect(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static TaintEffect parse(String text) {
        return WireEnum.parse(TaintEffect.class, "taint effect", text);
    }
}
