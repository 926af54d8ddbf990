package dev.continuum.apiserver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Resource;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.codec.ManifestException;
import dev.continuum.model.codec.Problem;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.model.validation.Defaults;
import dev.continuum.model.validation.FieldError;
import dev.continuum.model.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Admission of a write's body, in this order:
 *
 * <ol>
 *   <li>syntax: the body must be JSON, or YAML when the request says {@code Content-Type:
 *       application/yaml} (400 with the line otherwise);
 *   <li>strict reading and validation with {@link ResourceCodec#readOne}: unknown fields, wrong
 *       types and invalid values are 422 with every problem located by line and field path;
 *   <li>the path's name and namespace fill in missing ones and must agree with given ones (400);
 *   <li>{@link Defaults#apply}, then {@link Validator} once more on the defaulted object.
 * </ol>
 *
 * Stateless and thread-safe.
 */
final class Admission {

    static final String SOURCE = "request body";

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private Admission() {}

    static <T extends Resource> T admit(
            String body, String contentType, Class<T> type, String pathNamespace, String pathName) {
        if (body == null || body.isBlank()) {
            throw ApiFailure.badRequest("the request body is empty; send the " + type.getSimpleName()
                    + " as JSON (or as YAML with Content-Type: application/yaml)");
        }
        boolean yaml = isYaml(contentType);
        checkSyntax(body, yaml);
        T read = read(body, yaml, type, pathName);
        T placed = place(read, pathNamespace, pathName);
        @SuppressWarnings("unchecked")
        T defaulted = (T) Defaults.apply(placed);
        List<FieldError> errors = Validator.validate(defaulted);
        if (!errors.isEmpty()) {
            throw rejected(new ManifestException(errors.stream()
                    .map(e -> new Problem(SOURCE, 0, e.path(), e.message()))
                    .toList()));
        }
        return defaulted;
    }

    static boolean isYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/yaml") || t.startsWith("application/x-yaml") || t.startsWith("text/yaml");
    }

    private static void checkSyntax(String body, boolean yaml) {
        try (JsonParser p = yaml ? YAML.createParser(body) : JSON.createParser(body)) {
            while (p.nextToken() != null) {
                // reading every token is the check
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = yaml
                    ? "malformed YAML: " + firstLine(e)
                    : "malformed JSON: " + firstLine(e) + " (YAML is read only with Content-Type: application/yaml)";
            Problem problem = new Problem(SOURCE, line, "", message);
            throw new ApiFailure(new ApiError(400, "BadRequest", problem.toString(), null, List.of(problem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static <T extends Resource> T read(String body, boolean yaml, Class<T> type, String pathName) {
        try {
            return ResourceCodec.get().readOne(SOURCE, body, type);
        } catch (ManifestException e) {
            if (pathName != null && onlyTheNameIsMissing(e, body, yaml)) {
                return withPathName(body, yaml, type, pathName);
            }
            throw rejected(e);
        }
    }

    /** The body omits {@code metadata.name} and nothing else is wrong: the path will supply it. */
    private static boolean onlyTheNameIsMissing(ManifestException e, String body, boolean yaml) {
        return e.problems().stream().allMatch(p -> "metadata.name".equals(p.path()))
                && tree(body, yaml).path("metadata").path("name").isMissingNode();
    }

    private static <T extends Resource> T withPathName(String body, boolean yaml, Class<T> type, String pathName) {
        JsonNode tree = tree(body, yaml);
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            metadata.put("name", pathName);
        } else if (tree instanceof ObjectNode root) {
            root.putObject("metadata").put("name", pathName);
        }
        // Strict reading already accepted every other field, so the lenient mapper reads the same object.
        try {
            return ResourceCodec.get().json().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a body the strict reader accepted no longer reads", e);
        }
    }

    private static JsonNode tree(String body, boolean yaml) {
        try {
            ObjectMapper mapper =
                    yaml ? new ObjectMapper(YAML) : ResourceCodec.get().json();
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a body that passed the syntax check no longer parses", e);
        }
    }

    private static <T extends Resource> T place(T r, String pathNamespace, String pathName) {
        ObjectMeta m = r.metadata();
        if (pathName != null) {
            if (m.name() != null && !m.name().equals(pathName)) {
                throw ApiFailure.badRequest(
                        "metadata.name",
                        "metadata.name \"" + m.name() + "\" does not match the name in the path \"" + pathName
                                + "\"; they must agree");
            }
            m = m.withName(pathName);
        }
        if (pathNamespace != null && r.resourceKind().namespaced()) {
            if (m.namespace() != null && !m.namespace().equals(pathNamespace)) {
                throw ApiFailure.badRequest(
                        "metadata.namespace",
                        "metadata.namespace \"" + m.namespace() + "\" does not match the namespace in the path \""
                                + pathNamespace + "\"; they must agree");
            }
            m = m.withNamespace(pathNamespace);
        }
        if (Objects.equals(m, r.metadata())) {
            return r;
        }
        @SuppressWarnings("unchecked")
        T out = (T) r.withMetadata(m);
        return out;
    }

    /**
     * 422 {@code Invalid} naming the first bad field, with every problem; 400 {@code BadRequest} when no
     * problem names a field (the body is not one resource at all).
     */
    static ApiFailure rejected(ManifestException e) {
        List<Problem> problems = e.problems();
        String field = problems.stream()
                .map(Problem::path)
                .filter(p -> p != null && !p.isEmpty())
                .findFirst()
                .orElse(null);
        String message = problems.getFirst().toString()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "");
        return field == null
                ? new ApiFailure(new ApiError(400, "BadRequest", message, null, problems))
                : new ApiFailure(new ApiError(422, "Invalid", message, field, problems));
    }
}
