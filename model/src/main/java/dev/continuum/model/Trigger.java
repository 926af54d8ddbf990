package dev.continuum.model;

/**
 * What wakes a function: {@code http} (optional {@code path} prefix under the function's route),
 * {@code mqtt} (a {@code topic} filter), or {@code schedule} (a cron expression).
 */
public record Trigger(TriggerType type, String path, String topic, String schedule) {}
