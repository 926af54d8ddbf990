package dev.continuum.model;

/** An accelerator a node offers: e.g. {@code type: gpu, vendor: nvidia, model: H100, count: 1}. */
public record Accelerator(String type, String vendor, String model, Integer count, Quantity memory) {}
