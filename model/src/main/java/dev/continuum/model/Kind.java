package dev.continuum.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of the API: their names, REST plural, scope and record type. */
public enum Kind {
    NODE("Node", "nodes", false, Node.class),
    APPLICATION("Application", "applications", true, Application.class),
    INSTANCE("Instance", "instances", true, Instance.class),
    EVENT("Event", "events", true, Event.class),
    LEASE("Lease", "leases", false, Lease.class),
    NAMESPACE("Namespace", "namespaces", false, Namespace.class);

    private final String kindName;
    private final String plural;
    private final boolean namespaced;
    private final Class<? extends Resource> type;

    Kind(String kindName, String plural, boolean namespaced, Class<? extends Resource> type) {
        this.kindName = kindName;
        this.plural = plural;
        this.namespaced = namespaced;
        this.type = type;
    }

    /** The {@code kind} field's value, e.g. {@code Application}. */
    public String kindName() {
        return kindName;
    }

    /** The REST path segment, e.g. {@code applications}. */
    public String plural() {
        return plural;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public Class<? extends Resource> type() {
        return type;
    }

    /** Finds a kind by its {@code kind} name, plural or singular, case-insensitively. */
    public static Optional<Kind> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.kindName.toLowerCase(Locale.ROOT).equals(n)
                        || k.plural.equals(n)
                        || (k == APPLICATION && (n.equals("app") || n.equals("apps")))
                        || (k == INSTANCE && (n.equals("inst") || n.equals("insts")))
                        || (k == NAMESPACE && n.equals("ns")))
                .findFirst();
    }

    public static Kind of(Class<?> type) {
        for (Kind k : values()) {
            if (k.type.equals(type)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a resource type: " + type.getName());
    }

    /** The list of kind names, for messages: {@code Application, Event, ...}. */
    public static String names() {
        return Arrays.stream(values()).map(Kind::kindName).sorted().collect(Collectors.joining(", "));
    }
}
