package dev.continuum.model;

/** A mark on a node that keeps away components that do not tolerate it. */
public record Taint(String key, String value, TaintEffect effect) {}
