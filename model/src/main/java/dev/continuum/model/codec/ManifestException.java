package dev.continuum.model.codec;

import java.util.List;
import java.util.stream.Collectors;

/** User input that cannot be accepted; carries every {@link Problem} found, each located. */
public final class ManifestException extends RuntimeException {

    private final transient List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ManifestException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first problem, the one to show when only one fits. */
    public Problem first() {
        return problems.getFirst();
    }
}
