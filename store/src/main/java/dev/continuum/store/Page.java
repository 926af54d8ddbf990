package dev.continuum.store;

import java.util.List;

/** Resources of one kind as of one store revision; watch from {@code revision} to follow on. */
public record Page<T>(List<T> items, long revision) {}
