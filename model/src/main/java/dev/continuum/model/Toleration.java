package dev.continuum.model;

/**
 * Lets a component be placed on nodes with a matching taint. {@code operator} is {@code Equal}
 * (default: key and value match) or {@code Exists} (key matches; an empty key tolerates everything).
 * A null {@code effect} matches every effect.
 */
public record Toleration(String key, String operator, String value, TaintEffect effect) {

    public boolean tolerates(Taint taint) {
        if (effect != null && effect != taint.effect()) {
            return false;
        }
        if ("Exists".equals(operator)) {
            return key == null || key.isEmpty() || key.equals(taint.key());
        }
        return key != null
                && key.equals(taint.key())
                && java.util.Objects.equals(value == null ? "" : value, taint.value() == null ? "" : taint.value());
    }
}
