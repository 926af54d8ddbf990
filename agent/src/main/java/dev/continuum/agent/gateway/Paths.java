package dev.continuum.agent.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Percent-decoding of request paths and queries; a malformed escape is an {@link IllegalArgumentException}. */
final class Paths {

    private Paths() {}

    /** The segments of a raw path, decoded: {@code /fn/a%20b/c/} is {@code [fn, a b, c]} (empty ones dropped). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                out.add(decode(segment, false));
            }
        }
        return out;
    }

    /** A decoded query key or value ({@code +} is a space). */
    static String decodeQuery(String text) {
        try {
            return decode(text, true);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        var bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("malformed percent-escape in \"" + text + "\"");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent-escape in \"" + text + "\"");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(c); // the request line is read byte for byte (ISO-8859-1)
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
