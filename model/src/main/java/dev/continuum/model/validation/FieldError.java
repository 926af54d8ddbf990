package dev.continuum.model.validation;

/** One invalid field: its path ({@code spec.components[0].replicas}) and what is wrong. */
public record FieldError(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
