package dev.continuum.wasm.wagi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CGI response (RFC 3875 section 6) from a function's stdout: header lines, a blank line,
 * then the body. {@code Status: 404 Not Found} sets the code; a {@code Location} without a status
 * means 302. The outcome is a value: either a response or the reason the output is not one.
 */
final class CgiResponseParser {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private CgiResponseParser() {}

    /** Either a response or, when {@code response} is null, why the output is malformed. */
    record Parsed(WagiResponse response, String problem) {}

    static Parsed parse(byte[] stdout) {
        int[] split = headerEnd(stdout);
        if (split == null) {
            return failure(
                    stdout.length == 0
                            ? "the function wrote nothing to stdout; a WAGI function writes headers, a blank line, then the body"
                            : "the function's output has no blank line ending the header block; write e.g. "
                                    + "\"Content-Type: text/plain\\n\\n\" before the body");
        }
        String block = new String(stdout, 0, split[0], StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(stdout, split[1], stdout.length);
        var headers = new LinkedHashMap<String, List<String>>();
        Integer status = null;
        for (String rawLine : block.split("\n", -1)) {
            String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                return failure("malformed header line \"" + abbreviate(line) + "\"; each must be \"Name: value\"");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = parseStatus(value);
                if (status == null) {
                    return failure("malformed Status header \"" + abbreviate(value)
                            + "\"; write e.g. \"Status: 404 Not Found\"");
                }
                continue;
            }
            headers.computeIfAbsent(canonical(name, headers), key -> new ArrayList<>())
                    .add(value);
        }
        boolean hasLocation = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Location"));
        boolean hasType = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Type"));
        if (status == null && !hasLocation && !hasType) {
            return failure("the function's headers name no Content-Type, Location or Status; at least one is required");
        }
        int code = status != null ? status : hasLocation ? 302 : 200;
        return new Parsed(new WagiResponse(code, headers, body), null);
    }

    /** Index where the header block ends and where the body starts, or null when there is no blank line. */
    private static int[] headerEnd(byte[] out) {
        int limit = Math.min(out.length, MAX_HEADER_BYTES);
        for (int i = 0; i < limit; i++) {
            if (out[i] != '\n') {
                continue;
            }
            if (i + 1 < out.length && out[i + 1] == '\n') {
                return new int[] {i, i + 2};
            }
            if (i + 2 < out.length && out[i + 1] == '\r' && out[i + 2] == '\n') {
                return new int[] {i, i + 3};
            }
        }
        return null;
    }

    private static Integer parseStatus(String value) {
        String code = value.split(" ", 2)[0];
        if (code.length() != 3) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(code);
            return parsed >= 100 && parsed <= 599 ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String canonical(String name, Map<String, List<String>> existing) {
        for (String key : existing.keySet()) {
            if (key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return key;
            }
        }
        return name;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static Parsed failure(String problem) {
        return new Parsed(null, problem);
    }
}
