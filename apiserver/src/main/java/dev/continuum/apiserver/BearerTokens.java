package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.KeyValue;
import dev.continuum.store.StateStore;
import dev.continuum.store.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens issued to named owners (nodes without TLS, users), kept in the {@link StateStore}
 * outside {@code /registry/} so that no resource watch or list ever shows them. Only a token's
 * SHA-256 is stored, never the token:
 *
 * <pre>
 *   {owners}{owner}   {"owner":..,"sha256":..,"issuedAt":..}   one current token per owner
 *   {hashes}{sha256}  {"owner":..}                              lookup by token
 * </pre>
 *
 * Issuing a new token to an owner revokes the old one. A token counts only while both keys agree, so
 * an index entry left behind by a crash between the writes grants nothing. Thread-safe.
 */
final class BearerTokens {

    /** Node tokens (control planes without TLS). */
    static final String NODE_OWNERS = "/credentials/nodes/";

    static final String NODE_HASHES = "/credentials/tokens/";
    /** User API tokens. */
    static final String USER_OWNERS = "/credentials/usertokens/";

    static final String USER_HASHES = "/credentials/usertokenhashes/";
    private static final int TOKEN_BYTES = 32;

    private final StateStore store;
    private final Clock clock;
    private final String owners;
    private final String hashes;
    private final ObjectMapper json = ResourceCodec.get().json();

    BearerTokens(StateStore store, Clock clock, String owners, String hashes) {
        this.store = store;
        this.clock = clock;
        this.owners = owners;
        this.hashes = hashes;
    }

    /** A new random token (256 bits) for {@code owner}, replacing any earlier one. */
    String issue(String owner) {
        String token = Secrets.randomToken(TOKEN_BYTES);
        String hash = Secrets.sha256(token);
        store.create(hashes + hash, ResourceCodec.get().encode(Map.of("owner", owner)));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("owner", owner);
        record.put("sha256", hash);
        record.put("issuedAt", clock.instant().toString());
        byte[] value = ResourceCodec.get().encode(record);
        String previous;
        while (true) {
            Optional<KeyValue> current = store.get(owners + owner);
            WriteResult w = current.isEmpty()
                    ? store.create(owners + owner, value)
                    : store.update(owners + owner, value, current.get().modRevision());
            if (w.ok()) {
                previous = current.map(kv -> read(kv.value()).path("sha256").asText(null))
                        .orElse(null);
                break;
            }
            // Another issue for the same owner won the race; write over it, last one wins.
        }
        if (previous != null && !previous.equals(hash)) {
            store.delete(hashes + previous, 0);
        }
        return token;
    }

    /** The owner a token was issued to, while it is that owner's current token. */
    Optional<String> ownerOf(String token) {
        String hash = Secrets.sha256(token);
        Optional<String> owner = store.get(hashes + hash)
                .map(kv -> read(kv.value()).path("owner").asText(null));
        if (owner.isEmpty() || owner.get() == null) {
            return Optional.empty();
        }
        boolean current = store.get(owners + owner.get())
                .map(kv ->
                        Secrets.sameHash(hash, read(kv.value()).path("sha256").asText(null)))
                .orElse(false);
        return current ? owner : Optional.empty();
    }

    /** Revokes {@code owner}'s token, if it has one. */
    void revoke(String owner) {
        store.get(owners + owner).ifPresent(kv -> {
            String hash = read(kv.value()).path("sha256").asText(null);
            store.delete(owners + owner, kv.modRevision());
            if (hash != null) {
                store.delete(hashes + hash, 0);
            }
        });
    }

    private JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored credential is not readable", e);
        }
    }
}
