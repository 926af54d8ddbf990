package dev.continuum.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code examples} folder whether tests run from it (Maven) or from the repository root. */
final class ExamplesFolder {
    private ExamplesFolder() {}

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : new Path[] {here, here.resolve("examples")}) {
            if (Files.isRegularFile(candidate.resolve("hello").resolve("app.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the examples folder from " + here);
    }
}
