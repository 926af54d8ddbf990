package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Where an Instance is in its life: Pending (not placed) → Scheduled (bound to a node) → Starting → Running → Succeeded / Failed / Stopped. */
public enum InstancePhase implements WireEnum {
    PENDING("Pending"),
    SCHEDULED("Scheduled"),
    STARTING("Starting"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    STOPPED("Stopped");

    private final String wire;

    InstancePhase(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Succeeded, Failed or Stopped: the copy runs no more and holds no resources. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }

    @JsonCreator
    public static InstancePhase parse(String text) {
        return WireEnum.parse(InstancePhase.class, "instance phase", text);
    }
}
