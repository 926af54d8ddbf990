package dev.continuum.model.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed document and the line each of its fields came from, keyed by the field path as errors
 * print it ({@code spec.components[1].resources.memory}). Jackson's trees forget locations, so this
 * builds the tree itself from the token stream.
 */
record LocatedTree(JsonNode root, int line, Map<String, Integer> lines) {

    /** The line of {@code path}, or of its nearest located parent; the document's first line otherwise. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer at = lines.get(p);
            if (at != null) {
                return at;
            }
            if (p.isEmpty()) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /** The node at a path, or null. */
    JsonNode at(String path) {
        JsonNode node = root;
        int i = 0;
        while (node != null && i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
                continue;
            }
            if (c == '[') {
                int end = path.indexOf(']', i);
                node = node.get(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                node = node.get(path.substring(i, end));
                i = end;
            }
        }
        return node;
    }

    /** Reads the value starting at the parser's current token (which must not be null). */
    static LocatedTree read(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode root = value(parser, "", lines);
        return new LocatedTree(root, line, lines);
    }

    private static JsonNode value(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode obj = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    lines.put(child, p.currentTokenLocation().getLineNr());
                    p.nextToken();
                    obj.set(name, value(p, child, lines));
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode arr = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(value(p, path + "[" + i++ + "]", lines));
                }
                return arr;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> {
                return f.textNode(p.getText());
            }
        }
    }
}
