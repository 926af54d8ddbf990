package dev.continuum.model;

/** A URL a node serves on, by type: {@code Gateway} (functions, logs, migration). */
public record NodeAddress(String type, String address) {
    public static final String GATEWAY = "Gateway";
}
