package dev.continuum.model;

/**
 * Whether and how a component moves when a better place appears: {@code strategy} is {@code none},
 * {@code restart} (stop here, start there) or {@code live} (move memory and host state);
 * {@code followDevice} moves it with the Device named in {@code placement.near};
 * {@code maxDowntimeMs} bounds the stop-and-copy pause.
 */
public record MigrationPolicy(String strategy, Boolean followDevice, Integer maxDowntimeMs) {}
