package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.model.Application;
import dev.continuum.security.ModuleSignature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key create, sign, and apply picking up MODULE.sig for a file: module, without a server. */
class SigningFilesTest {

    @TempDir
    Path dir;

    private int run(String... args) {
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void aSignedFileModuleGetsItsDigestAndSignatureFromItsSigFile() throws Exception {
        assertThat(run("key", "create", "ci", "--dir", dir.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ci.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ci.pub"))).startsWith("ed25519:");
        Path module = Files.write(dir.resolve("m.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        assertThat(run("sign", module.toString(), "--key", dir.resolve("ci.key").toString()))
                .isZero();
        Path manifest = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: a}
                spec:
                  components:
                    - {name: main, module: "file:m.wasm"}
                """);

        Application app =
                (Application) ManifestFiles.read(manifest.toString(), System.in).getFirst();

        String digest = ModuleSignature.digestOf(Files.readAllBytes(module));
        assertThat(app.spec().components().getFirst().digest()).isEqualTo(digest);
        String signature = app.metadata().annotations().get("signature.continuum.dev/main");
        assertThat(ModuleSignature.parse(signature).keyName()).isEqualTo("ci");
        var publicKey = ModuleSignature.parsePublicKey(
                Files.readString(dir.resolve("ci.pub")).strip());
        assertThat(ModuleSignature.parse(signature).verifies(publicKey, digest)).isTrue();

        Files.write(module, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ManifestFiles.read(manifest.toString(), System.in))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("changed since it was signed");
    }

    @Test
    void anExistingKeyIsNeverOverwritten() {
        assertThat(run("key", "create", "ci", "--dir", dir.toString())).isZero();
        assertThat(run("key", "create", "ci", "--dir", dir.toString())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theClientConfigIsReadStrictlyAndWrittenForItsOwnerOnly() throws Exception {
        Path file = dir.resolve("config.yaml");
        new ClientConfig("https://cp.example:7070", "ca.crt", "secret").write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        ClientConfig read = ClientConfig.read(file).orElseThrow();
        assertThat(read.server()).isEqualTo("https://cp.example:7070");
        assertThat(read.caFile()).isEqualTo(dir.resolve("ca.crt").toString());
        assertThat(read.token()).isEqualTo("secret");
        Files.writeString(file, "server: x\ntokn: y\n");
        assertThatThrownBy(() -> ClientConfig.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Continuum client config");
        assertThat(ClientConfig.read(dir.resolve("absent.yaml"))).isEmpty();
    }

    @Test
    void flagsWinOverTheConfigFile() throws Exception {
        Path file = dir.resolve("config.yaml");
        new ClientConfig("https://cp.example:7070", null, "from-config").write(file);
        ServerOptions options = new ServerOptions();
        options.config = file;
        assertThat(options.uri().toString()).isEqualTo("https://cp.example:7070");
        assertThat(options.token()).isEqualTo("from-config");
        options.server = "https://other.example:7443";
        options.token = "from-flag";
        assertThat(options.uri().toString()).isEqualTo("https://other.example:7443");
        assertThat(options.token()).isEqualTo("from-flag");

        ServerOptions missing = new ServerOptions();
        missing.config = dir.resolve("nope.yaml");
        assertThatThrownBy(missing::uri).isInstanceOf(CliException.class).hasMessageContaining("does not exist");
    }
}
