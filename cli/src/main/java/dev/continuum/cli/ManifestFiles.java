package dev.continuum.cli;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationSpec;
import dev.continuum.model.Component;
import dev.continuum.model.Resource;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.security.ModuleSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the manifests named by {@code -f}: a file, a folder (every {@code .yaml}, {@code .yml} and
 * {@code .json} in it, sorted), or {@code -} for standard input. Relative {@code file:} module URLs
 * are resolved against the manifest's folder, so that a manifest and its module travel together.
 */
final class ManifestFiles {

    private ManifestFiles() {}

    static List<Resource> read(String name, InputStream stdin) {
        if (name.equals("-")) {
            try {
                String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                return resolve(
                        ResourceCodec.get().readManifests("<stdin>", text),
                        Path.of("").toAbsolutePath());
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new CliException(ExitCodes.USAGE, name + ": no such file or folder");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, name + ": cannot list: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, name + ": no .yaml, .yml or .json files in this folder");
            }
        } else {
            files.add(path);
        }
        List<Resource> out = new ArrayList<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, f + ": cannot read: " + e.getMessage());
            }
            Path folder = f.toAbsolutePath().getParent();
            out.addAll(resolve(ResourceCodec.get().readManifests(f.toString(), text), folder));
        }
        return out;
    }

    private static List<Resource> resolve(List<Resource> resources, Path folder) {
        return resources.stream().map(r -> resolve(r, folder)).toList();
    }

    private static Resource resolve(Resource r, Path folder) {
        if (!(r instanceof Application app)) {
            return r;
        }
        List<Component> components = app.spec().components().stream()
                .map(c -> c == null || c.module() == null ? c : c.withModule(resolveModule(c.module(), folder)))
                .toList();
        Map<String, String> annotations = new LinkedHashMap<>(app.metadata().annotations());
        List<Component> signed = new ArrayList<>();
        for (Component c : components) {
            signed.add(c == null ? null : signed(c, annotations));
        }
        return app.withSpec(new ApplicationSpec(signed, app.spec().links()))
                .withMetadata(app.metadata().withAnnotations(annotations));
    }

    /**
     * A component whose {@code file:} module has a signature file next to it ({@code continuum sign})
     * gets the signed digest and the signature annotation, unless the manifest gives its own.
     */
    private static Component signed(Component c, Map<String, String> annotations) {
        String annotation = ModuleSignature.annotation(c.name());
        URI uri = URI.create(c.module());
        if (!"file".equals(uri.getScheme()) || annotations.containsKey(annotation)) {
            return c;
        }
        Path module = Path.of(uri);
        var sig = ModuleSignatureFile.of(module);
        if (sig.isEmpty()) {
            return c;
        }
        String actual;
        try {
            actual = ModuleSignature.digestOf(Files.readAllBytes(module));
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, module + ": cannot read: " + e.getMessage());
        }
        if (!actual.equals(sig.get().digest())) {
            throw new CliException(
                    ExitCodes.USAGE,
                    module + " changed since it was signed ("
                            + ModuleSignatureFile.next(module).getFileName() + " is for "
                            + sig.get().digest() + ", the file is "
                            + actual + "); sign it again with continuum sign");
        }
        if (c.digest() != null && !c.digest().equals(actual)) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "component " + c.name() + " pins digest " + c.digest() + " but its" + " module " + module + " is "
                            + actual + "; fix the digest or the module");
        }
        annotations.put(annotation, sig.get().signature().toString());
        return c.withDigest(actual);
    }

    /** {@code file:hello.wasm} → {@code file:/abs/folder/hello.wasm}; other URLs unchanged. */
    static String resolveModule(String module, Path folder) {
        URI uri = URI.create(module);
        if (!"file".equals(uri.getScheme())) {
            return module;
        }
        String part = uri.getSchemeSpecificPart();
        if (part.startsWith("/")) {
            return module;
        }
        return folder.resolve(part).normalize().toUri().toString();
    }
}
