package dev.continuum.model.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.continuum.model.DurationText;
import dev.continuum.model.Kind;
import dev.continuum.model.Quantity;
import dev.continuum.model.Resource;
import dev.continuum.model.validation.FieldError;
import dev.continuum.model.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and writes resources. Two ways in:
 *
 * <ul>
 *   <li>{@link #readManifests} for what users write (YAML or JSON, several YAML documents): strict —
 *       unknown fields, wrong types, bad quantities, unknown kinds and invalid values are
 *       {@link ManifestException}s naming source, line and field path;
 *   <li>{@link #decode} for what Continuum itself stored: trusted, lenient to fields a newer version
 *       added.
 * </ul>
 *
 * Thread-safe; share the {@link #get() single instance}.
 */
public final class ResourceCodec {

    private static final ResourceCodec INSTANCE = new ResourceCodec();

    private final ObjectMapper strict;
    private final ObjectMapper lenient;
    private final JsonFactory jsonFactory = new JsonFactory();

    private ResourceCodec() {
        strict = configure(new ObjectMapper(), true);
        lenient = configure(new ObjectMapper(), false);
    }

    /** YAML, made on first use: a process that only speaks JSON (a node agent) never loads it. */
    private static final class Yaml {
        static final YAMLFactory FACTORY = new YAMLFactory();
        static final ObjectMapper WRITER = configure(
                new ObjectMapper(new YAMLFactory()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)),
                false);
    }

    public static ResourceCodec get() {
        return INSTANCE;
    }

    private static ObjectMapper configure(ObjectMapper mapper, boolean strict) {
        SimpleModule continuum = new SimpleModule("continuum");
        continuum.addDeserializer(Quantity.class, new QuantityDeserializer());
        continuum.addSerializer(Duration.class, new DurationSerializer());
        continuum.addDeserializer(Duration.class, new DurationDeserializer());
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(continuum);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY));
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
        if (strict) {
            // "replicas: three" and "replicas: 2.5" are errors, not silently coerced values.
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The lenient JSON mapper, for callers that (de)serialize other records the same way. */
    public ObjectMapper json() {
        return lenient;
    }

    /**
     * Reads every document in {@code text} (YAML, which includes JSON), validates each and returns
     * them in order.
     *
     * @param source how to name the input in errors, e.g. {@code app.yaml}
     * @throws ManifestException listing every problem found, each with line and field path
     */
    public List<Resource> readManifests(String source, String text) {
        List<LocatedTree> docs = parseDocuments(source, text);
        List<Resource> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (LocatedTree doc : docs) {
            try {
                out.add(bind(source, doc));
            } catch (ManifestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        if (out.isEmpty()) {
            throw new ManifestException(new Problem(source, 0, "", "no resources found (the input is empty)"));
        }
        return out;
    }

    /**
     * Reads exactly one resource of the expected kind (a request body), strictly, and validates it.
     *
     * @throws ManifestException when it is malformed, invalid, or of another kind
     */
    public <T extends Resource> T readOne(String source, String text, Class<T> expected) {
        List<Resource> all = readManifests(source, text);
        if (all.size() != 1) {
            throw new ManifestException(new Problem(source, 0, "", "expected one resource, found " + all.size()));
        }
        Resource r = all.getFirst();
        if (!expected.isInstance(r)) {
            throw new ManifestException(new Problem(
                    source, 1, "kind", "expected kind " + Kind.of(expected).kindName() + ", found " + r.kind()));
        }
        return expected.cast(r);
    }

    private List<LocatedTree> parseDocuments(String source, String text) {
        List<LocatedTree> docs = new ArrayList<>();
        try (JsonParser p = text.stripLeading().startsWith("{")
                ? jsonFactory.createParser(text)
                : (JsonParser) Yaml.FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NULL) {
                    continue; // an empty YAML document between two "---"
                }
                LocatedTree doc = LocatedTree.read(p);
                if (!doc.root().isObject()) {
                    throw new ManifestException(new Problem(
                            source, doc.line(), "", "expected a mapping with apiVersion, kind, metadata and spec"));
                }
                docs.add(doc);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ManifestException(new Problem(source, line, "", "malformed input: " + firstLine(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        String first = m.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(m);
        return first.replaceAll("\\s+at \\[Source.*$", "");
    }

    private Resource bind(String source, LocatedTree doc) {
        JsonNode root = doc.root();
        JsonNode apiVersion = root.get("apiVersion");
        if (apiVersion == null || apiVersion.isNull()) {
            throw problem(source, doc, "apiVersion", "required (use " + Resource.API_VERSION + ")");
        }
        if (!Resource.API_VERSION.equals(apiVersion.asText())) {
            throw problem(
                    source,
                    doc,
                    "apiVersion",
                    "\"" + apiVersion.asText() + "\" is not supported; use " + Resource.API_VERSION);
        }
        JsonNode kindNode = root.get("kind");
        if (kindNode == null || kindNode.isNull()) {
            throw problem(source, doc, "kind", "required (one of " + Kind.names() + ")");
        }
        Optional<Kind> kind =
                Kind.find(kindNode.asText()).filter(k -> k.kindName().equals(kindNode.asText()));
        if (kind.isEmpty()) {
            throw problem(
                    source, doc, "kind", "unknown kind \"" + kindNode.asText() + "\"; known kinds: " + Kind.names());
        }
        Resource resource;
        try {
            resource = strict.treeToValue(root, kind.get().type());
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            throw new ManifestException(new Problem(source, doc.lineOf(path), path, describe(e, doc.at(path))));
        } catch (JsonProcessingException e) {
            throw new ManifestException(new Problem(source, doc.line(), "", firstLine(e)));
        }
        List<FieldError> errors = Validator.validate(resource);
        if (!errors.isEmpty()) {
            throw new ManifestException(errors.stream()
                    .map(fe -> new Problem(source, doc.lineOf(fe.path()), fe.path(), fe.message()))
                    .toList());
        }
        return resource;
    }

    private static ManifestException problem(String source, LocatedTree doc, String path, String message) {
        return new ManifestException(new Problem(source, doc.lineOf(path), path, message));
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(JsonMappingException e, JsonNode found) {
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            String list = known == null
                    ? ""
                    : " (known fields: "
                            + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            return "unknown field \"" + u.getPropertyName() + "\"" + list;
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage();
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return iae.getMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return "\"" + f.getValue() + "\" is not " + typeName(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + typeName(m.getTargetType()) + ", found " + nodeName(found);
        }
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        if (type == Quantity.class) {
            return "a quantity";
        }
        if (type == Duration.class) {
            return "a duration";
        }
        return "a " + type.getSimpleName();
    }

    private static String nodeName(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "\"" + n.asText() + "\"";
        }
        return n.asText();
    }

    /** Decodes JSON that Continuum wrote itself, for a known kind. */
    public <T extends Resource> T decode(byte[] json, Class<T> type) {
        try {
            return lenient.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    /** Decodes JSON that Continuum wrote itself, taking the kind from its {@code kind} field. */
    public Resource decode(byte[] json) {
        try {
            JsonNode tree = lenient.readTree(json);
            Kind kind = Kind.find(tree.path("kind").asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown kind " + tree.path("kind")));
            return lenient.treeToValue(tree, kind.type());
        } catch (IOException e) {
            throw new UncheckedIOException("stored resource is not readable", e);
        }
    }

    /** Any value (a resource, a list, a map) as compact JSON bytes. */
    public byte[] encode(Object value) {
        try {
            return lenient.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String toJson(Object value) {
        try {
            return lenient.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String toPrettyJson(Object value) {
        try {
            return lenient.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String toYaml(Object value) {
        try {
            return Yaml.WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static final class QuantityDeserializer extends JsonDeserializer<Quantity> {
        @Override
        public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    return Quantity.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
            throw JsonMappingException.from(
                    p,
                    "expected a quantity such as 500m, 2 or 64Mi",
                    new IllegalArgumentException("expected a quantity such as 500m, 2 or 64Mi"));
        }
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofSeconds(p.getLongValue());
            }
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return DurationText.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
            IllegalArgumentException e = new IllegalArgumentException("expected a duration such as 30s, 5m or 1h");
            throw JsonMappingException.from(p, e.getMessage(), e);
        }
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(DurationText.format(value));
        }
    }
}
