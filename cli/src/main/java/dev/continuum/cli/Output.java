package dev.continuum.cli;

import dev.continuum.model.codec.ResourceCodec;
import java.io.PrintWriter;

/** The {@code -o} choices of commands that print objects. */
enum Output {
    TABLE,
    WIDE,
    YAML,
    JSON,
    NAME;

    static Output parse(String text) {
        return switch (text == null ? "table" : text.toLowerCase(java.util.Locale.ROOT)) {
            case "table", "" -> TABLE;
            case "wide" -> WIDE;
            case "yaml", "yml" -> YAML;
            case "json" -> JSON;
            case "name" -> NAME;
            default ->
                throw new CliException(
                        ExitCodes.USAGE,
                        "-o " + text + " is not an output format; use table, wide, yaml, json or name");
        };
    }

    static void structured(Output o, Object value, PrintWriter out) {
        out.print(
                o == JSON
                        ? ResourceCodec.get().toPrettyJson(value) + "\n"
                        : ResourceCodec.get().toYaml(value));
        out.flush();
    }
}
