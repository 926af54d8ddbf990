package dev.continuum.model.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A bootstrap token a node joins with, once. Created by {@code POST /api/v1/bootstraptokens} with
 * {@code {"ttl":"1h","description":".."}}; the secret {@code token} is in that answer only (the
 * control plane keeps its SHA-256), lists show the rest.
 *
 * @param id the public half of the token, {@code <id>.<secret>}
 * @param token the whole token; null except in the answer to its creation
 * @param ttl how long it is valid (requests only)
 * @param expires when it stops being valid
 * @param createdBy who created it
 * @param caHash the cluster CA's pin agents join with ({@code --ca-hash}); null without TLS
 */
public record BootstrapTokenInfo(
        String id, String token, Duration ttl, Instant expires, String description, String createdBy, String caHash) {}
