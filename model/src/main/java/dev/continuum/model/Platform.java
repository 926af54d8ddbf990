package dev.continuum.model;

/**
 * What a node runs on. {@code arch} uses Go/OCI names ({@code amd64}, {@code arm64},
 * {@code riscv64}); {@code os} likewise ({@code linux}, {@code darwin}, {@code windows}).
 */
public record Platform(String arch, String os, String osVersion, String jvm, String agentVersion) {}
