package dev.continuum.scheduler;

import java.util.Locale;
import java.util.Optional;

/** A way to group nodes into failure or locality domains: what spread constraints count over. */
public enum Topology {
    ZONE,
    SITE,
    REGION,
    TIER,
    NODE;

    /** The spelling used in manifests ({@code zone}, {@code site}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a manifest spelling; empty when it names no topology. */
    public static Optional<Topology> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Topology t : values()) {
            if (t.wireName().equalsIgnoreCase(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
