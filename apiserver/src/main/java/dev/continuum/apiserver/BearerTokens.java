package dev.continuum.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.KeyValue;
import dev.continuum.store.StateStore;
import dev.continuum.store.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node tokens this control plane issued, kept in the {@link StateStore} outside
 * {@code /registry/} so that no resource watch or list ever shows them. Only a token's SHA-256 is
 * stored, never the token:
 *
 * <pre>
 *   /credentials/nodes/{node}     {"node":..,"sha256":..,"issuedAt":..}   one current token per node
 *   /credentials/tokens/{sha256}  {"node":..}                              lookup by token
 * </pre>
 *
 * A node that joins again gets a new token and its old one stops working. A token counts only while
 * both keys agree, so an index entry left behind by a crash between the writes grants nothing.
 * Thread-safe.
 */
final class NodeCredentials {

    static final String NODES = "/credentials/nodes/";
    static final String TOKENS = "/credentials/tokens/";
    private static final int TOKEN_BYTES = 32;

    private final StateStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = ResourceCodec.get().json();

    NodeCredentials(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new random token (256 bits) for {@code node}, replacing any earlier one. */
    String issue(String node) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256(token);
        store.create(TOKENS + hash, encode(Map.of("node", node)));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("node", node);
        record.put("sha256", hash);
        record.put("issuedAt", clock.instant().toString());
        byte[] value = encode(record);
        String previous = null;
        while (true) {
            Optional<KeyValue> current = store.get(NODES + node);
            WriteResult w = current.isEmpty()
                    ? store.create(NODES + node, value)
                    : store.update(NODES + node, value, current.get().modRevision());
            if (w.ok()) {
                previous = current.map(kv -> read(kv.value()).path("sha256").asText(null))
                        .orElse(null);
                break;
            }
            // Another join of the same node won the race; write over it, last one wins.
        }
        if (previous != null && !previous.equals(hash)) {
            store.delete(TOKENS + previous, 0);
        }
        return token;
    }

    /** The node a token was issued to, while it is that node's current token. */
    Optional<String> nodeOf(String token) {
        String hash = sha256(token);
        Optional<String> node =
                store.get(TOKENS + hash).map(kv -> read(kv.value()).path("node").asText(null));
        if (node.isEmpty() || node.get() == null) {
            return Optional.empty();
        }
        boolean current = store.get(NODES + node.get())
                .map(kv -> hash.equals(read(kv.value()).path("sha256").asText(null)))
                .orElse(false);
        return current ? node : Optional.empty();
    }

    static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private byte[] encode(Object value) {
        return ResourceCodec.get().encode(value);
    }

    private JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored credential is not readable", e);
        }
    }
}
