package dev.continuum.model.codec;

/**
 * One thing wrong with user input, located: {@code app.yaml:14: spec.components[1].resources.memory:
 * "64Q" is not a quantity}. {@code line} is 1-based, 0 when unknown; {@code path} may be empty.
 */
public record Problem(String source, int line, String path, String message) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            out.append(source);
            if (line > 0) {
                out.append(':').append(line);
            }
            out.append(": ");
        }
        if (path != null && !path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
