package dev.continuum.apiserver;

import dev.continuum.model.api.UserInfo;
import dev.continuum.model.validation.Names;
import dev.continuum.store.KeyValue;
import dev.continuum.store.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's users: a name, whether they administer the cluster, their role per namespace, and one
 * bearer token each ({@link BearerTokens}, only its SHA-256 kept). Stored outside {@code /registry/}:
 *
 * <pre>
 *   /credentials/users/{name}   {"name","clusterAdmin","roles":{"team-a":"editor"},"created"}
 * </pre>
 *
 * Thread-safe.
 */
final class UserRegistry {

    static final String PREFIX = "/credentials/users/";

    /** The stored form. */
    record Entry(String name, Boolean clusterAdmin, Map<String, String> roles, Instant created) {
        Entry {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }
    }

    private final StateStore store;
    private final Clock clock;
    private final BearerTokens tokens;

    UserRegistry(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.tokens = new BearerTokens(store, clock, BearerTokens.USER_OWNERS, BearerTokens.USER_HASHES);
    }

    /**
     * Creates a user and their first token.
     *
     * @throws ApiFailure 422 for a bad name or role, 409 when the name is taken
     */
    UserInfo create(String name, boolean clusterAdmin, Map<String, String> roles) {
        String problem = Names.checkSubdomain(name);
        if (problem != null) {
            throw ApiFailure.invalid("name", "name: " + problem);
        }
        Map<String, String> checked = checkRoles(roles);
        Entry entry = new Entry(name, clusterAdmin, checked, clock.instant());
        if (!store.create(PREFIX + name, StoredRecords.encode(entry)).ok()) {
            throw ApiFailure.alreadyExists("user " + name + " already exists; change their roles with PUT"
                    + " /api/v1/users/" + name + ", or give them a new token with POST /api/v1/users/" + name
                    + "/token");
        }
        return info(entry, tokens.issue(name));
    }

    /** Replaces a user's cluster-admin flag and roles; their token stays. */
    UserInfo update(String name, boolean clusterAdmin, Map<String, String> roles) {
        Map<String, String> checked = checkRoles(roles);
        while (true) {
            KeyValue kv = store.get(PREFIX + name).orElseThrow(() -> notFound(name));
            Entry old = StoredRecords.decode(kv, Entry.class);
            Entry entry = new Entry(name, clusterAdmin, checked, old.created());
            if (store.update(PREFIX + name, StoredRecords.encode(entry), kv.modRevision())
                    .ok()) {
                return info(entry, null);
            }
        }
    }

    /** A new token for {@code name}; the old one stops working. */
    UserInfo rotateToken(String name) {
        Entry entry = get(name).orElseThrow(() -> notFound(name));
        return info(entry, tokens.issue(name));
    }

    /** Deletes the user and their token; false when there is no such user. */
    boolean delete(String name) {
        tokens.revoke(name);
        return store.delete(PREFIX + name, 0).ok();
    }

    Optional<Entry> get(String name) {
        return store.get(PREFIX + name).map(kv -> StoredRecords.decode(kv, Entry.class));
    }

    List<UserInfo> list() {
        List<UserInfo> out = new ArrayList<>();
        for (KeyValue kv : store.list(PREFIX).items()) {
            out.add(info(StoredRecords.decode(kv, Entry.class), null));
        }
        return out;
    }

    /** The identity behind a user token, while the user exists and the token is their current one. */
    Optional<Identity> identityOf(String token) {
        return tokens.ownerOf(token).flatMap(this::get).map(e -> {
            Map<String, Role> roles = new LinkedHashMap<>();
            e.roles().forEach((ns, role) -> Role.find(role).ifPresent(r -> roles.put(ns, r)));
            return Identity.user(e.name(), Boolean.TRUE.equals(e.clusterAdmin()), roles);
        });
    }

    /** Whether {@code token} is {@code name}'s current token. */
    boolean hasToken(String name, String token) {
        return tokens.ownerOf(token).filter(name::equals).isPresent()
                && get(name).isPresent();
    }

    private static Map<String, String> checkRoles(Map<String, String> roles) {
        Map<String, String> out = new LinkedHashMap<>();
        if (roles == null) {
            return out;
        }
        roles.forEach((namespace, role) -> {
            String problem = Names.checkLabel(namespace);
            if (problem != null) {
                throw ApiFailure.invalid("roles." + namespace, "roles." + namespace + ": " + problem);
            }
            if (Role.find(role).isEmpty()) {
                throw ApiFailure.invalid(
                        "roles." + namespace,
                        "roles." + namespace + ": \"" + role + "\" is not a role; use one of " + Role.names());
            }
            out.put(namespace, role);
        });
        return out;
    }

    private static UserInfo info(Entry e, String token) {
        return new UserInfo(e.name(), Boolean.TRUE.equals(e.clusterAdmin()), e.roles(), token, e.created());
    }

    private static ApiFailure notFound(String name) {
        return ApiFailure.notFound("user " + name + " not found; see GET /api/v1/users (continuum user list)");
    }
}
