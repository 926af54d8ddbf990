package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Application;
import dev.continuum.model.codec.ManifestException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFilesTest {

    @TempDir
    Path dir;

    private static final String APP = """
            apiVersion: continuum.dev/v1
            kind: Application
            metadata: {name: a}
            spec:
              components:
                - {name: rel, module: "file:mod/x.wasm"}
                - {name: abs, module: "file:/opt/y.wasm"}
                - {name: web, module: "https://example.com/z.wasm"}
            """;

    @Test
    void relativeFileModulesAreResolvedAgainstTheManifestFolder() throws Exception {
        Path manifest = Files.writeString(dir.resolve("app.yaml"), APP);
        Application app =
                (Application) ManifestFiles.read(manifest.toString(), System.in).getFirst();
        assertThat(app.spec().components().get(0).module())
                .isEqualTo(dir.resolve("mod/x.wasm").toUri().toString());
        assertThat(app.spec().components().get(1).module()).isEqualTo("file:/opt/y.wasm");
        assertThat(app.spec().components().get(2).module()).isEqualTo("https://example.com/z.wasm");
    }

    @Test
    void aFolderIsReadInNameOrderAndOtherFilesAreIgnored() throws Exception {
        Files.writeString(dir.resolve("b.yaml"), APP.replace("name: a}", "name: b}"));
        Files.writeString(dir.resolve("a.json"), """
                {"apiVersion":"continuum.dev/v1","kind":"Node","metadata":{"name":"n1"},"spec":{"tier":"gateway"}}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        assertThat(ManifestFiles.read(dir.toString(), System.in))
                .extracting(r -> r.metadata().name())
                .containsExactly("n1", "b");
    }

    @Test
    void standardInputIsReadWithDash() {
        var in = new ByteArrayInputStream(APP.getBytes(StandardCharsets.UTF_8));
        assertThat(ManifestFiles.read("-", in)).hasSize(1);
    }

    @Test
    void errorsNameTheFile() throws Exception {
        Path manifest = Files.writeString(dir.resolve("broken.yaml"), APP.replace("file:mod/x.wasm", "ftp://x"));
        assertThatThrownBy(() -> ManifestFiles.read(manifest.toString(), System.in))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("broken.yaml:6: spec.components[0].module");
        assertThatThrownBy(() -> ManifestFiles.read(dir.resolve("missing.yaml").toString(), System.in))
                .hasMessageContaining("missing.yaml: no such file or folder");
    }
}
