package dev.continuum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.continuum.security.CredentialException;
import dev.continuum.security.ModuleSignature;
import dev.continuum.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code MODULE.sig}, as {@code continuum sign} writes it next to a module: the module's digest and
 * the signature of it.
 *
 * <pre>
 * digest: sha256:…
 * signature: ci:…
 * </pre>
 */
record ModuleSignatureFile(String digest, ModuleSignature signature) {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private record Contents(String digest, String signature) {}

    /** The signature file of {@code module}: the same path with {@code .sig} added. */
    static Path next(Path module) {
        return module.resolveSibling(module.getFileName() + ".sig");
    }

    /**
     * The signature file of {@code module}, when there is one.
     *
     * @throws CliException naming the file when it is not a signature file
     */
    static Optional<ModuleSignatureFile> of(Path module) {
        Path file = next(module);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, file + ": cannot read: " + e.getMessage());
        }
        try {
            Contents c = YAML.readValue(text, Contents.class);
            if (c == null || c.digest() == null || c.signature() == null) {
                throw new CliException(
                        ExitCodes.USAGE, file + " needs digest: and signature: (continuum sign writes it)");
            }
            return Optional.of(new ModuleSignatureFile(c.digest(), ModuleSignature.parse(c.signature())));
        } catch (JsonProcessingException | CredentialException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    file + " is not a module signature: " + e.getMessage()
                            + " (sign the module again with continuum sign)");
        }
    }

    void write(Path file) throws IOException {
        SecretFiles.writePublic(
                file,
                "# Continuum module signature (continuum sign): Ed25519 over the digest.\n" + "digest: " + digest
                        + "\nsignature: \"" + signature + "\"\n");
    }
}
