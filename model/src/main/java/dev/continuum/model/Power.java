package dev.continuum.model;

/** How a node is powered: the source, battery level in percent, and current draw in watts. */
public record Power(PowerSource source, Double batteryPercent, Double watts) {}
