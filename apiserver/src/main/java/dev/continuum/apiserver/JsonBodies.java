package dev.continuum.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.codec.ResourceCodec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The small JSON bodies of the non-resource routes (join, renew, tokens, users), read strictly: the
 * body must be an object of known fields, each of the expected type, or the answer names the field.
 */
final class JsonBodies {

    private JsonBodies() {}

    /** The body as an object with no other fields than {@code known}; {@code example} goes into the error. */
    static JsonNode object(String text, Set<String> known, String example) {
        JsonNode tree;
        try {
            tree = ResourceCodec.get().json().readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            throw ApiFailure.badRequest("the request is not JSON: " + e.getOriginalMessage() + "; send " + example);
        }
        if (tree == null || !tree.isObject()) {
            throw ApiFailure.badRequest("the request must be a JSON object: " + example);
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw ApiFailure.invalid(
                        field,
                        "unknown field \"" + field + "\" (known fields: "
                                + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return tree;
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiFailure.invalid(field, field + ": expected a string");
        }
        return value.asText();
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiFailure.invalid(field, field + ": expected true or false");
        }
        return value.asBoolean();
    }

    /** A JSON object of strings, e.g. {@code {"team-a":"editor"}}; empty when absent. */
    static Map<String, String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw ApiFailure.invalid(field, field + ": expected an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw ApiFailure.invalid(field + "." + e.getKey(), field + "." + e.getKey() + ": expected a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
