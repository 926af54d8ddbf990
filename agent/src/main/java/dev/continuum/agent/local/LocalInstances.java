package dev.continuum.agent.local;

import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Instances bound to this node as the agent last applied them, in the {@link LocalStore}: each
 * one's desired state (the whole object: template with module, digest, config and capabilities),
 * its last known status, the digest of the module it loaded, and whether the agent stopped it for
 * being cut off from the control plane. Beside them: the highest revision of desired state applied
 * (the floor under which desired state is refused) and the fences (per lineage, the highest epoch
 * seen superseded).
 *
 * <p>A row that cannot be read back (written by a broken disk, or half of a foreign schema) is
 * deleted and logged when {@link #all()} meets it: the control plane will send that Instance again.
 * Thread-safe (the store serialises transactions).
 */
public final class LocalInstances {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInstances.class);
    private static final String FLOOR = "revision";

    private final LocalStore store;

    /**
     * One remembered Instance.
     *
     * @param instance the desired state with its last known status (when that status is of this epoch)
     * @param cutOff true when the agent stopped it for being cut off from the control plane; it runs
     *     again only once the control plane confirmed it (see {@code DisconnectGuard})
     * @param digest the module it last loaded, or null
     */
    public record Stored(Instance instance, boolean cutOff, String digest) {}

    public LocalInstances(LocalStore store) {
        this.store = store;
    }

    /**
     * Remembers {@code desired} as this node's copy of it, before anything runs it. The last known
     * status, module digest and cut-off mark carry over when uid and epoch are unchanged. Raises the
     * floor to {@code revision} (when higher) in the same transaction.
     */
    public void put(Instance desired, long revision) {
        InstanceKey key = InstanceKey.of(desired);
        byte[] object = ResourceCodec.get().encode(desired);
        store.transaction(c -> {
            boolean same = false;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT uid, epoch FROM instances WHERE namespace = ? AND name = ?")) {
                ps.setString(1, key.namespace());
                ps.setString(2, key.name());
                try (ResultSet rs = ps.executeQuery()) {
                    same = rs.next()
                            && Objects.equals(
                                    rs.getString(1), desired.metadata().uid())
                            && rs.getLong(2) == desired.spec().epoch();
                }
            }
            if (same) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE instances SET object = ?, version = ? WHERE namespace = ? AND name = ?")) {
                    ps.setBytes(1, object);
                    ps.setLong(2, desired.metadata().resourceVersion());
                    ps.setString(3, key.namespace());
                    ps.setString(4, key.name());
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO instances"
                        + " (namespace, name, uid, epoch, version, object, status, digest, cut_off)"
                        + " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0)")) {
                    ps.setString(1, key.namespace());
                    ps.setString(2, key.name());
                    ps.setString(3, desired.metadata().uid());
                    ps.setLong(4, desired.spec().epoch());
                    ps.setLong(5, desired.metadata().resourceVersion());
                    ps.setBytes(6, object);
                    ps.executeUpdate();
                }
            }
            raiseFloor(c, revision);
            return null;
        });
    }

    /** Forgets an Instance (deleted, or bound elsewhere) and the module blobs no Instance uses any more. */
    public void remove(InstanceKey key, long revision) {
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM instances WHERE namespace = ? AND name = ?")) {
                ps.setString(1, key.namespace());
                ps.setString(2, key.name());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM modules WHERE digest NOT IN (SELECT digest FROM instances WHERE digest IS NOT NULL)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM module_sources WHERE digest NOT IN (SELECT digest FROM modules)")) {
                ps.executeUpdate();
            }
            raiseFloor(c, revision);
            return null;
        });
    }

    /** Every remembered Instance, oldest name first; unreadable rows are deleted (and logged). */
    public List<Stored> all() {
        return store.transaction(c -> {
            List<Stored> out = new ArrayList<>();
            List<InstanceKey> unreadable = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, name, uid, epoch, object, status, digest,"
                            + " cut_off FROM instances ORDER BY namespace, name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InstanceKey key = new InstanceKey(rs.getString(1), rs.getString(2));
                    try {
                        Instance instance = ResourceCodec.get().decode(rs.getBytes(5), Instance.class);
                        if (!key.equals(InstanceKey.of(instance))
                                || !Objects.equals(instance.metadata().uid(), rs.getString(3))
                                || instance.spec() == null
                                || instance.spec().epoch() != rs.getLong(4)) {
                            throw new IOException("its columns and its object disagree");
                        }
                        byte[] status = rs.getBytes(6);
                        if (status != null) {
                            InstanceStatus last = ResourceCodec.get().json().readValue(status, InstanceStatus.class);
                            if (last.observedEpoch() == instance.spec().epoch()) {
                                instance = instance.withStatus(
                                        last.withScheduling(instance.status().scheduling()));
                            }
                        }
                        out.add(new Stored(instance, rs.getInt(8) != 0, rs.getString(7)));
                    } catch (IOException | RuntimeException e) {
                        LOG.error(
                                "the local record of Instance {} in {} is unreadable ({}); forgetting it: the control"
                                        + " plane will send it again",
                                key,
                                store.file(),
                                e.getMessage());
                        unreadable.add(key);
                    }
                }
            }
            for (InstanceKey key : unreadable) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM instances WHERE namespace = ? AND name = ?")) {
                    ps.setString(1, key.namespace());
                    ps.setString(2, key.name());
                    ps.executeUpdate();
                }
            }
            return out;
        });
    }

    /** Records the newest status the agent observed for its copy (uid and epoch must still match). */
    public void status(InstanceKey key, String uid, long epoch, InstanceStatus status) {
        byte[] json = ResourceCodec.get().encode(status.withScheduling(null));
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE instances SET status = ?"
                    + " WHERE namespace = ? AND name = ? AND uid IS ? AND epoch = ?")) {
                ps.setBytes(1, json);
                ps.setString(2, key.namespace());
                ps.setString(3, key.name());
                ps.setString(4, uid);
                ps.setLong(5, epoch);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks (or unmarks) an Instance as stopped for being cut off from the control plane. */
    public void cutOff(InstanceKey key, boolean value) {
        store.transaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE instances SET cut_off = ? WHERE namespace = ? AND name = ?")) {
                ps.setInt(1, value ? 1 : 0);
                ps.setString(2, key.namespace());
                ps.setString(3, key.name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records which module blob (by digest) an Instance's copy runs, so the blob is kept while it does. */
    public void module(InstanceKey key, String uid, String digest) {
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE instances SET digest = ? WHERE namespace = ? AND name = ? AND uid IS ?")) {
                ps.setString(1, digest);
                ps.setString(2, key.namespace());
                ps.setString(3, key.name());
                ps.setString(4, uid);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The highest revision of desired state this node applied (0 when none). */
    public long floor() {
        return store.transaction(
                c -> LocalStore.meta(c, FLOOR).map(Long::parseLong).orElse(0L));
    }

    /** Raises the floor to {@code revision} when it is higher. */
    public void raiseFloor(long revision) {
        store.transaction(c -> {
            raiseFloor(c, revision);
            return null;
        });
    }

    private static void raiseFloor(Connection c, long revision) throws SQLException {
        long floor = LocalStore.meta(c, FLOOR).map(Long::parseLong).orElse(0L);
        if (revision > floor) {
            LocalStore.meta(c, FLOOR, Long.toString(revision));
        }
    }

    /** The highest epoch of a lineage this node has seen superseded (fenced), 0 when none. */
    public long fence(String namespace, String lineage) {
        return store.transaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT epoch FROM fences WHERE namespace = ? AND lineage = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, lineage);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Records that epochs up to {@code epoch} of a lineage are superseded: never run them here again. */
    public void raiseFence(String namespace, String lineage, long epoch) {
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fences VALUES (?, ?, ?)"
                    + " ON CONFLICT (namespace, lineage) DO UPDATE SET epoch = MAX(epoch, excluded.epoch)")) {
                ps.setString(1, namespace);
                ps.setString(2, lineage);
                ps.setLong(3, epoch);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
