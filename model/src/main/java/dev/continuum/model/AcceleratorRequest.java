package dev.continuum.model;

/**
 * An accelerator a component needs (or prefers). Null fields match anything; {@code count} defaults
 * to 1 and {@code memory} is the least memory per device.
 */
public record AcceleratorRequest(String type, String vendor, String model, Integer count, Quantity memory) {}
