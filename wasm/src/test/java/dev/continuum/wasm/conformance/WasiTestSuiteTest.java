package dev.continuum.wasm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.wasm.ExitStatus;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the WASI test suite (copied under {@code src/test/conformance/wasi-testsuite}) the way its
 * {@code specification.md} says: every {@code X.wasm} is a test, {@code X.json} (legacy or
 * operation-based) gives args, env, a root folder to preopen as {@code /}, the exit code and the
 * expected stdout/stderr. Each test's folder is copied to a temporary directory first, since some
 * write into their root; {@code *.cleanup} files are removed before the run.
 *
 * <p>Entries in {@code src/test/conformance/expectations.txt} must fail (with the reason written
 * there); every other entry must pass.
 */
class WasiTestSuiteTest {
    private static final Path SUITE = Path.of("src", "test", "conformance", "wasi-testsuite", "tests");
    private static final Path EXPECTATIONS = Path.of("src", "test", "conformance", "expectations.txt");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WasmEngine ENGINE = new WasmEngine(WasmEngineOptions.defaults());

    @TempDir
    static Path work;

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    /** One test case as the specification describes it, after defaults are applied. */
    record Case(
            String name,
            Path wasm,
            List<String> args,
            Map<String, String> env,
            String root,
            List<JsonNode> operations) {}

    @TestFactory
    Stream<DynamicTest> everyEntryPassesOrIsAnExpectedFailure() throws IOException {
        Map<String, String> expectedFailures = expectations();
        List<Case> cases = cases();
        assertThat(cases)
                .as("test cases found under %s", SUITE.toAbsolutePath())
                .hasSizeGreaterThan(20);
        assertThat(cases.stream().map(Case::name).toList())
                .as("every expectation names an existing test")
                .containsAll(expectedFailures.keySet());
        return cases.stream()
                .map(testCase -> DynamicTest.dynamicTest(testCase.name(), () -> {
                    String failure = run(testCase);
                    String expected = expectedFailures.get(testCase.name());
                    if (expected == null) {
                        assertThat(failure).as(testCase.name()).isNull();
                    } else {
                        assertThat(failure)
                                .as(
                                        "%s is listed in expectations.txt (%s) but passes now: take it off the list",
                                        testCase.name(), expected)
                                .isNotNull();
                    }
                }));
    }

    private static Map<String, String> expectations() throws IOException {
        var result = new TreeMap<String, String>();
        for (String line : Files.readAllLines(EXPECTATIONS)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            assertThat(colon)
                    .as("expectation line needs 'name: reason': %s", line)
                    .isPositive();
            String reason = line.substring(colon + 1).strip();
            assertThat(reason).as("a reason for %s", line).isNotEmpty();
            result.put(line.substring(0, colon).strip(), reason);
        }
        return result;
    }

    private static List<Case> cases() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.walk(SUITE)) {
            modules = files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        var cases = new ArrayList<Case>();
        for (Path wasm : modules) {
            String base = wasm.getFileName().toString().replaceFirst("\\.wasm$", "");
            String name = SUITE.relativize(wasm.resolveSibling(base)).toString().replace('\\', '/');
            Path spec = wasm.resolveSibling(base + ".json");
            JsonNode json = Files.exists(spec) ? JSON.readTree(spec.toFile()) : JSON.createObjectNode();
            cases.add(parse(name, wasm, json));
        }
        return cases;
    }

    /** Applies the specification's defaults; a legacy spec becomes run, read stdout, read stderr, wait. */
    private static Case parse(String name, Path wasm, JsonNode json) {
        var operations = new ArrayList<JsonNode>();
        if (json.has("operations")) {
            json.get("operations").forEach(operations::add);
        } else {
            operations.add(JSON.createObjectNode().put("type", "run"));
            operations.add(JSON.createObjectNode()
                    .put("type", "read")
                    .put("id", "stdout")
                    .put("payload", text(json, "stdout", "")));
            operations.add(JSON.createObjectNode()
                    .put("type", "read")
                    .put("id", "stderr")
                    .put("payload", text(json, "stderr", "")));
            operations.add(JSON.createObjectNode()
                    .put("type", "wait")
                    .put("exit_code", json.path("exit_code").asInt(0)));
        }
        JsonNode run = operations.stream()
                .filter(op -> op.path("type").asText().equals("run"))
                .findFirst()
                .orElse(json);
        JsonNode source = json.has("operations") ? run : json;
        var args = new ArrayList<String>();
        source.path("args").forEach(arg -> args.add(arg.asText()));
        var env = new LinkedHashMap<String, String>();
        source.path("env")
                .properties()
                .forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        String root = source.hasNonNull("root") ? source.get("root").asText() : null;
        return new Case(name, wasm, args, env, root, operations);
    }

    private static String text(JsonNode json, String field, String fallback) {
        return json.hasNonNull(field) ? json.get(field).asText() : fallback;
    }

    /** Runs one case; returns null when every operation met its expectation, else what went wrong. */
    private static String run(Case testCase) throws IOException {
        for (JsonNode op : testCase.operations()) {
            String type = op.path("type").asText();
            if (!List.of("run", "read", "wait").contains(type)) {
                return "operation '" + type + "' needs a proposal (sockets/http) this runner does not enable";
            }
        }
        Path folder = Files.createTempDirectory(work, "case-");
        copyFolder(testCase.wasm().getParent(), folder);
        removeCleanupFiles(folder);
        var argv = new ArrayList<String>();
        argv.add(testCase.wasm().getFileName().toString());
        argv.addAll(testCase.args());
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var invocation = new WasiInvocation(
                argv, testCase.env(), InputStream.nullInputStream(), stdout, stderr, Map.of(), Duration.ofSeconds(30));
        if (testCase.root() != null) {
            invocation = invocation.withPreopen("/", folder.resolve(testCase.root()));
        }
        var module = ENGINE.load(Files.readAllBytes(testCase.wasm()));
        ExitStatus status = ENGINE.run(module, invocation);
        for (JsonNode op : testCase.operations()) {
            switch (op.path("type").asText()) {
                case "read" -> {
                    String id = op.path("id").asText("stdout");
                    String actual = (id.equals("stderr") ? stderr : stdout).toString(StandardCharsets.UTF_8);
                    String expected = op.path("payload").asText("");
                    if (!actual.equals(expected)) {
                        return id + " was \"" + actual + "\", expected \"" + expected + "\" (" + status + ")";
                    }
                }
                case "wait" -> {
                    int expected = op.path("exit_code").asInt(0);
                    if (status.outcome() != ExitStatus.Outcome.EXITED || status.code() != expected) {
                        return "ended with " + status + " and stderr \"" + stderr.toString(StandardCharsets.UTF_8)
                                + "\", expected exit code " + expected;
                    }
                }
                default -> {}
            }
        }
        return null;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void removeCleanupFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".cleanup")).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
