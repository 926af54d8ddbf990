package dev.continuum.apiserver;

import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.store.KeyValue;
import dev.continuum.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Single-use bootstrap tokens, {@code <id>.<secret>}: an 8-hex-digit public id and 128 random bits of
 * secret (32 hex digits), valid until they expire or are used once. Only the secret's SHA-256 is
 * kept, under the id, outside {@code /registry/}:
 *
 * <pre>
 *   /credentials/bootstrap/{id}   {"id","sha256","expires","description","createdBy","usedBy","usedAt"}
 * </pre>
 *
 * Redeeming is a compare-and-swap that marks the token used, so two joins racing with one token
 * cannot both win. Used tokens are kept until they expire, so that a second use is named as such;
 * expired ones are dropped when tokens are created or listed. Thread-safe.
 */
final class BootstrapTokenStore {

    static final String PREFIX = "/credentials/bootstrap/";
    static final Duration MAX_TTL = Duration.ofDays(7);
    private static final Pattern TOKEN = Pattern.compile("([0-9a-f]{8})\\.([0-9a-f]{32})");

    /** The stored form. */
    record Entry(
            String id,
            String sha256,
            Instant expires,
            String description,
            String createdBy,
            String usedBy,
            Instant usedAt) {}

    /** What redeeming a token came to. */
    sealed interface Redemption {}

    record Redeemed(String id) implements Redemption {}

    record Refused(String reason) implements Redemption {}

    private final StateStore store;
    private final Clock clock;

    BootstrapTokenStore(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new token valid for {@code ttl}; the whole token is in the answer and nowhere else. */
    BootstrapTokenInfo create(Duration ttl, String description, String createdBy) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw ApiFailure.invalid(
                    "ttl",
                    "ttl: must be more than 0 and at most " + MAX_TTL.toDays()
                            + " days, e.g. 1h; create another token when it runs out");
        }
        dropExpired();
        while (true) {
            String id = Secrets.randomHex(4);
            String secret = Secrets.randomHex(16);
            Instant expires = clock.instant().plus(ttl);
            Entry entry = new Entry(id, Secrets.sha256(secret), expires, description, createdBy, null, null);
            if (store.create(PREFIX + id, StoredRecords.encode(entry)).ok()) {
                return new BootstrapTokenInfo(id, id + "." + secret, null, expires, description, createdBy, null);
            }
        }
    }

    /** Every token not yet expired, without secrets, soonest to expire first. */
    List<BootstrapTokenInfo> list() {
        dropExpired();
        List<BootstrapTokenInfo> out = new ArrayList<>();
        for (KeyValue kv : store.list(PREFIX).items()) {
            Entry e = StoredRecords.decode(kv, Entry.class);
            String description = e.usedBy() == null
                    ? e.description()
                    : (e.description() == null ? "" : e.description() + "; ") + "used by node " + e.usedBy();
            out.add(new BootstrapTokenInfo(e.id(), null, null, e.expires(), description, e.createdBy(), null));
        }
        out.sort(Comparator.comparing(BootstrapTokenInfo::expires));
        return out;
    }

    /** Deletes the token with this id; false when there is none. */
    boolean delete(String id) {
        return store.delete(PREFIX + id, 0).ok();
    }

    /** Uses {@code token} for {@code node}'s join, if it is a current, unused token. */
    Redemption redeem(String token, String node) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return new Refused(
                    "it is not a bootstrap token (expected <8 hex>.<32 hex>, as `continuum token create`" + " prints)");
        }
        String id = m.group(1);
        Optional<KeyValue> kv = store.get(PREFIX + id);
        if (kv.isEmpty()) {
            return new Refused("no bootstrap token " + id + " exists (it was deleted, expired, or never created)");
        }
        Entry e = StoredRecords.decode(kv.get(), Entry.class);
        if (!Secrets.sameHash(Secrets.sha256(m.group(2)), e.sha256())) {
            return new Refused("the secret of bootstrap token " + id + " is wrong");
        }
        Instant now = clock.instant();
        if (!e.expires().isAfter(now)) {
            return new Refused("bootstrap token " + id + " expired at " + e.expires());
        }
        if (e.usedBy() != null) {
            return new Refused("bootstrap token " + id + " was already used by node " + e.usedBy() + " at " + e.usedAt()
                    + "; each token lets one node join once");
        }
        Entry used = new Entry(e.id(), e.sha256(), e.expires(), e.description(), e.createdBy(), node, now);
        if (!store.update(PREFIX + id, StoredRecords.encode(used), kv.get().modRevision())
                .ok()) {
            return new Refused("bootstrap token " + id + " was used by another join at the same moment");
        }
        return new Redeemed(id);
    }

    private void dropExpired() {
        Instant now = clock.instant();
        for (KeyValue kv : store.list(PREFIX).items()) {
            if (!StoredRecords.decode(kv, Entry.class).expires().isAfter(now)) {
                store.delete(kv.key(), kv.modRevision());
            }
        }
    }
}
