package dev.continuum.apiserver;

import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The credentials the control plane manages for itself, on the same store as its {@link ApiServer}:
 * the first administrator's token, and bootstrap tokens for the nodes it starts itself. Everything
 * else goes through the API. Thread-safe.
 */
public final class ClusterCredentials {

    private final UserRegistry users;
    private final BootstrapTokenStore bootstrapTokens;

    public ClusterCredentials(StateStore store, Clock clock) {
        this.users = new UserRegistry(store, clock);
        this.bootstrapTokens = new BootstrapTokenStore(store, clock);
    }

    /**
     * The bearer token of cluster administrator {@code name}: {@code known} while it is still theirs,
     * otherwise a new one (the user is created, or made a cluster administrator again, as needed).
     */
    public String adminToken(String name, String known) {
        var user = users.get(name);
        if (user.isEmpty()) {
            return users.create(name, true, Map.of()).token();
        }
        if (!Boolean.TRUE.equals(user.get().clusterAdmin())) {
            users.update(name, true, user.get().roles());
        }
        if (known != null && users.hasToken(name, known)) {
            return known;
        }
        return users.rotateToken(name).token();
    }

    /** A new single-use bootstrap token; its secret is in the answer only. */
    public BootstrapTokenInfo createBootstrapToken(Duration ttl, String description, String createdBy) {
        return bootstrapTokens.create(ttl, description, createdBy);
    }

    /** Deletes a bootstrap token (used or not); false when there is none with that id. */
    public boolean deleteBootstrapToken(String id) {
        return bootstrapTokens.delete(id);
    }
}
