package dev.continuum.apiserver;

import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code labelSelector} and {@code fieldSelector} of a list or watch: {@code k=v} terms joined by
 * commas, all of which must hold (equality only, as {@code docs/api.md} says). Field selectors know
 * {@code metadata.name} and {@code metadata.namespace} on every kind, and {@code spec.node},
 * {@code spec.application} and {@code spec.component} on Instances; {@code spec.node=} selects
 * unbound Instances.
 */
record SelectorQuery(Map<String, String> labels, Map<String, String> fields) {

    static final SelectorQuery ALL = new SelectorQuery(Map.of(), Map.of());

    private static final List<String> COMMON_FIELDS = List.of("metadata.name", "metadata.namespace");
    private static final List<String> INSTANCE_FIELDS =
            List.of("metadata.name", "metadata.namespace", "spec.node", "spec.application", "spec.component");

    static SelectorQuery parse(String labelSelector, String fieldSelector, Kind kind) {
        Map<String, String> labels = terms("labelSelector", labelSelector);
        Map<String, String> fields = terms("fieldSelector", fieldSelector);
        for (String field : fields.keySet()) {
            if (!supported(kind).contains(field)) {
                throw ApiFailure.badRequest(
                        "fieldSelector",
                        "fieldSelector: " + kind.plural() + " cannot be selected by \"" + field + "\"; use one of "
                                + String.join(", ", supported(kind)));
            }
        }
        return new SelectorQuery(Map.copyOf(labels), Map.copyOf(fields));
    }

    private static List<String> supported(Kind kind) {
        return kind == Kind.INSTANCE ? INSTANCE_FIELDS : COMMON_FIELDS;
    }

    private static Map<String, String> terms(String parameter, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String raw : text.split(",")) {
            String term = raw.strip();
            if (term.isEmpty()) {
                continue;
            }
            if (term.contains("!=")) {
                throw ApiFailure.badRequest(
                        parameter, parameter + ": \"" + term + "\" uses !=; only equality (key=value) is supported");
            }
            int eq = term.indexOf('=');
            if (eq <= 0) {
                throw ApiFailure.badRequest(
                        parameter, parameter + ": \"" + term + "\" is not key=value (only equality is supported)");
            }
            String key = term.substring(0, eq).strip();
            String value = term.substring(term.startsWith("=", eq + 1) ? eq + 2 : eq + 1)
                    .strip();
            String earlier = out.put(key, value);
            if (earlier != null && !earlier.equals(value)) {
                throw ApiFailure.badRequest(
                        parameter,
                        parameter + ": \"" + key + "\" cannot equal both \"" + earlier + "\" and \"" + value + "\"");
            }
        }
        return out;
    }

    boolean isEmpty() {
        return labels.isEmpty() && fields.isEmpty();
    }

    boolean matches(Resource r) {
        Map<String, String> have = r.metadata().labels();
        for (Map.Entry<String, String> want : labels.entrySet()) {
            if (!Objects.equals(have.get(want.getKey()), want.getValue())) {
                return false;
            }
        }
        for (Map.Entry<String, String> want : fields.entrySet()) {
            if (!want.getValue().equals(field(r, want.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String field(Resource r, String field) {
        String value = switch (field) {
            case "metadata.name" -> r.metadata().name();
            case "metadata.namespace" -> r.metadata().namespace();
            default -> r instanceof Instance i && i.spec() != null ? instanceField(i, field) : null;
        };
        return value == null ? "" : value;
    }

    private static String instanceField(Instance i, String field) {
        return switch (field) {
            case "spec.node" -> i.spec().node();
            case "spec.application" -> i.spec().application();
            case "spec.component" -> i.spec().component();
            default -> null;
        };
    }
}
