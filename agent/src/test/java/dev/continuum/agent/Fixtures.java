package dev.continuum.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's test modules ({@code src/test/resources/fixtures}, built by {@code build.sh} there):
 * {@code exit.wasm} (exits with its first argument), {@code sleeper.wasm} (a quiet service that never
 * ends), {@code echo.wasm} (a WAGI function that answers with what it was asked).
 */
public final class Fixtures {
    private Fixtures() {}

    /** The bytes of a fixture module. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture into {@code dir} and returns its {@code file:} URL. */
    public static String fileUrl(Path dir, String name) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, bytes(name));
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
