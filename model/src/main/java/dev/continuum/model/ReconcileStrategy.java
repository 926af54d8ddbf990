package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Which copy survives when a cut-off node returns and its component was replaced meanwhile. */
public enum ReconcileStrategy implements WireEnum {
    KEEP_ORIGINAL("keepOriginal"),
    KEEP_REPLACEMENT("keepReplacement"),
    BEST_SCORE("bestScore");

    private final String wire;

    ReconcileStrategy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static ReconcileStrategy parse(String text) {
        return WireEnum.parse(ReconcileStrategy.class, "reconcile strategy", text);
    }
}
