package dev.continuum.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which objects a list or watch wants: labels and fields that must all equal the given values
 * ({@code labelSelector} and {@code fieldSelector} of the API). Immutable; each {@code and*} method
 * returns a new selector.
 *
 * <pre>{@code
 * Selector.field("spec.node", "n1")              // the Instances bound to node n1
 * Selector.label("app", "hello").andLabel("tier", "edge")
 * }</pre>
 */
public record Selector(Map<String, String> labels, Map<String, String> fields) {

    /** Every object. */
    public static final Selector ALL = new Selector(Map.of(), Map.of());

    public Selector {
        labels = Map.copyOf(labels);
        fields = Map.copyOf(fields);
    }

    public static Selector all() {
        return ALL;
    }

    public static Selector label(String key, String value) {
        return ALL.andLabel(key, value);
    }

    public static Selector labels(Map<String, String> labels) {
        return new Selector(labels, Map.of());
    }

    /** A field such as {@code spec.node} (Instances), or {@code metadata.name} (every kind). */
    public static Selector field(String path, String value) {
        return ALL.andField(path, value);
    }

    public Selector andLabel(String key, String value) {
        return new Selector(with(labels, key, value), fields);
    }

    public Selector andField(String path, String value) {
        return new Selector(labels, with(fields, path, value));
    }

    public boolean isEmpty() {
        return labels.isEmpty() && fields.isEmpty();
    }

    /** The query parameters, URL-encoded, without a leading {@code ?} or {@code &}; empty for {@link #ALL}. */
    public String toQuery() {
        StringBuilder out = new StringBuilder();
        if (!labels.isEmpty()) {
            out.append("labelSelector=").append(encode(terms(labels)));
        }
        if (!fields.isEmpty()) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append("fieldSelector=").append(encode(terms(fields)));
        }
        return out.toString();
    }

    private static String terms(Map<String, String> terms) {
        return terms.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        if (key == null || key.isEmpty() || key.contains(",") || key.contains("=")) {
            throw new IllegalArgumentException("a selector key must be non-empty without ',' or '=': \"" + key + "\"");
        }
        if (value == null || value.contains(",")) {
            throw new IllegalArgumentException("the selector value for " + key + " must not be null or contain ','");
        }
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    @Override
    public String toString() {
        return isEmpty() ? "all" : toQuery();
    }
}
