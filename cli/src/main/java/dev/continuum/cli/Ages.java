package dev.continuum.cli;

import java.time.Duration;
import java.time.Instant;

/** Ages as kubectl prints them: 42s, 5m, 3h, 2d. */
final class Ages {
    private Ages() {}

    static String since(Instant then, Instant now) {
        if (then == null) {
            return "";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172_800) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }
}
