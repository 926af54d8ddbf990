package dev.continuum.cli;

import dev.continuum.security.CredentialException;
import dev.continuum.security.ModuleSignature;
import dev.continuum.security.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code continuum sign MODULE --key KEY}: signs a module's digest and writes {@code MODULE.sig}, which
 * {@code continuum apply} adds to the Application of a {@code file:} module by itself.
 */
@Command(
        name = "sign",
        description = "Sign a WebAssembly module (Ed25519 over its sha256 digest) and write MODULE.sig.",
        footer = {
            "",
            "apply adds the digest and the signature to components whose file: module has a .sig next to it;",
            "for modules fetched from elsewhere, put what this prints into the manifest.",
            "Example:",
            "  continuum sign examples/hello/hello.wasm --key ci.key"
        })
final class SignCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module file.")
    Path module;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "The private key (continuum key create).")
    Path key;

    @Option(
            names = "--key-name",
            paramLabel = "NAME",
            description = "The key's name in the Namespace (default: the key file's name without .key).")
    String keyName;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, module + ": no such file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, module + ": cannot read: " + e.getMessage());
        }
        PrivateKey privateKey;
        try {
            privateKey = Pem.readPrivateKey(Files.readString(key));
        } catch (IOException | CredentialException e) {
            throw new CliException(ExitCodes.USAGE, "--key " + key + ": " + e.getMessage());
        }
        String name = keyName != null ? keyName : key.getFileName().toString().replaceFirst("\\.key$", "");
        String digest = ModuleSignature.digestOf(bytes);
        ModuleSignature signature;
        try {
            signature = ModuleSignature.sign(name, privateKey, digest);
        } catch (CredentialException e) {
            throw new CliException(ExitCodes.USAGE, "--key " + key + ": " + e.getMessage());
        }
        Path file = ModuleSignatureFile.next(module);
        try {
            new ModuleSignatureFile(digest, signature).write(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(digest + " signed by key \"" + name + "\"; wrote " + file);
        out.println();
        out.println("apply adds both to a component whose module is file:" + module.getFileName()
                + "; elsewhere, pin the digest and annotate the Application:");
        out.println("  metadata:");
        out.println("    annotations:");
        out.println("      " + ModuleSignature.ANNOTATION_PREFIX + "COMPONENT: \"" + signature + "\"");
        out.println("  spec:");
        out.println("    components:");
        out.println("      - name: COMPONENT");
        out.println("        digest: " + digest);
        out.flush();
        return ExitCodes.OK;
    }
}
