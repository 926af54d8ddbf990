package dev.continuum.wasm.capability;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest), as MQTT 3.1.1 section 4.7 says. */
public final class TopicFilter {
    private TopicFilter() {}

    /** True when the concrete {@code topic} matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (!topic.isEmpty()
                && topic.charAt(0) == '$'
                && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** True when every topic {@code requested} can match is also matched by {@code granted}. */
    public static boolean covers(String granted, String requested) {
        String[] g = granted.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < g.length; i++) {
            if (g[i].equals("#")) {
                return true;
            }
            if (i >= r.length || r[i].equals("#")) {
                return false;
            }
            if (g[i].equals("+")) {
                continue;
            }
            if (r[i].equals("+") || !g[i].equals(r[i])) {
                return false;
            }
        }
        return g.length == r.length;
    }
}
