package dev.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.model.Application;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code examples/**}{@code /app.yaml} must be a valid manifest whose modules exist and match their digests. */
class ExampleManifestsTest {

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(ExamplesFolder.root())) {
            return files.filter(p -> p.getFileName().toString().equals("app.yaml"))
                    .filter(p -> !ExamplesFolder.root().relativize(p).startsWith("target"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void theExamplesFolderHasManifests() throws IOException {
        assertThat(manifests()).isNotEmpty().anySatisfy(p -> assertThat(p).endsWith(Path.of("hello", "app.yaml")));
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void readsAsValidApplicationsWhoseModulesExistAndMatchTheirDigests(Path manifest) throws Exception {
        String name = ExamplesFolder.root().relativize(manifest).toString();
        var resources = ResourceCodec.get().readManifests(name, Files.readString(manifest));

        assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(r).isInstanceOf(Application.class));
        for (var resource : resources) {
            for (var component : ((Application) resource).spec().components()) {
                if (component.module() == null || !component.module().startsWith("file:")) {
                    continue;
                }
                Path module = manifest.getParent().resolve(component.module().substring("file:".length()));
                assertThat(module)
                        .as("module of %s in %s", component.name(), name)
                        .isRegularFile();
                if (component.digest() != null) {
                    String actual = "sha256:"
                            + HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(module)));
                    assertThat(actual)
                            .as(
                                    "%s digest of %s (rebuild with build.sh, then update app.yaml)",
                                    name, module.getFileName())
                            .isEqualTo(component.digest());
                }
            }
        }
    }
}
