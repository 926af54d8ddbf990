package dev.continuum.cli;

import dev.continuum.security.KeyPairs;
import dev.continuum.security.ModuleSignature;
import dev.continuum.security.Pem;
import dev.continuum.security.SecretFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code continuum key}: module signing keys. */
@Command(
        name = "key",
        description = "Create module signing keys (Ed25519).",
        subcommands = {KeyCommand.Create.class})
final class KeyCommand extends GroupCommand {

    @Command(
            name = "create",
            description = "Create a signing key: NAME.key (private, readable by you only) and NAME.pub (to trust in a"
                    + " Namespace).",
            footer = {"", "Example:", "  continuum key create ci --dir ~/.continuum/keys"})
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "NAME",
                description = "The key's name, as signatures and Namespaces name it.")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Where to write the files.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (!name.matches("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?")) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "\"" + name + "\" is not a key name: lowercase letters, digits,"
                                + " '-' and '.', starting and ending with a letter or digit");
            }
            Path key = dir.resolve(name + ".key");
            Path pub = dir.resolve(name + ".pub");
            if (Files.exists(key)) {
                throw new CliException(
                        ExitCodes.USAGE,
                        key + " exists; choose another name or --dir (a key is never"
                                + " overwritten: modules signed with it would no longer verify)");
            }
            KeyPair keys = KeyPairs.ed25519();
            String publicKey = ModuleSignature.publicKeyText(keys.getPublic());
            SecretFiles.writePrivate(key, Pem.privateKey(keys.getPrivate()));
            SecretFiles.writePublic(pub, publicKey + "\n");
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + key + " (private: keep it secret) and " + pub);
            out.println();
            out.println("Trust it in a namespace (continuum apply -f as a cluster or namespace administrator):");
            out.println("  apiVersion: continuum.dev/v1");
            out.println("  kind: Namespace");
            out.println("  metadata: {name: NAMESPACE}");
            out.println("  spec:");
            out.println("    moduleSigning:");
            out.println("      required: true");
            out.println("      trustedKeys:");
            out.println("        - {name: " + name + ", publicKey: \"" + publicKey + "\"}");
            out.println();
            out.println("Sign a module: continuum sign MODULE.wasm --key " + key);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
