package dev.continuum.agent.status;

import dev.continuum.agent.local.LocalStore;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StatusOutbox} and {@link StatusJournal} in the agent's {@link LocalStore}: what waits for
 * the control plane survives an agent restart and a power cut.
 *
 * <p>The outbox holds the newest undelivered status per Instance. While the control plane is
 * unreachable ({@link #offline(boolean)}), a status that replaces an undelivered one sends the
 * replaced one to the journal. The journal holds at most {@code limit} entries; when a write takes it
 * over, its oldest entries are summarised, oldest first: first into one entry per Instance
 * ("7 status changes from 10:01 to 10:04 ..."), and if that is not enough, into one entry for the
 * node. Thread-safe (the store serialises transactions).
 */
public final class DurableStatusOutbox implements StatusOutbox, StatusJournal {

    private static final Logger LOG = LoggerFactory.getLogger(DurableStatusOutbox.class);

    /** The journal's default bound: enough for the story of an outage, small enough to replay at once. */
    public static final int DEFAULT_JOURNAL_LIMIT = 256;

    private final LocalStore store;
    private final int limit;
    private final Clock clock;
    private volatile boolean offline;

    /** @param limit the most journal entries kept (at least 4) */
    public DurableStatusOutbox(LocalStore store, int limit, Clock clock) {
        if (limit < 4) {
            throw new IllegalArgumentException("the journal must hold at least 4 entries, not " + limit);
        }
        this.store = store;
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public void offline(boolean value) {
        offline = value;
    }

    @Override
    public void put(PendingStatus status) {
        byte[] json = encode(status.status());
        boolean journal = offline;
        store.transaction(c -> {
            Long seq = null;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT seq, status FROM outbox WHERE namespace = ? AND name = ?")) {
                ps.setString(1, status.key().namespace());
                ps.setString(2, status.key().name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getLong(1);
                        if (journal) {
                            journal(c, status, rs.getBytes(2));
                        }
                    }
                }
            }
            if (seq == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox");
                        ResultSet rs = ps.executeQuery()) {
                    seq = rs.next() ? rs.getLong(1) : 1L;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO outbox VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, status.key().namespace());
                ps.setString(2, status.key().name());
                ps.setLong(3, seq);
                ps.setString(4, status.uid());
                ps.setLong(5, status.epoch());
                ps.setBytes(6, json);
                ps.executeUpdate();
            }
            if (journal) {
                summariseIfFull(c);
            }
            return null;
        });
    }

    /** Journals the undelivered status that {@code next} replaces. */
    private void journal(Connection c, PendingStatus next, byte[] replacedJson) throws SQLException {
        Instant now = clock.instant();
        try {
            InstanceStatus replaced = decode(replacedJson);
            Instant at = replaced.lastTransitionTime() != null ? replaced.lastTransitionTime() : now;
            insertJournal(c, next.key(), next.uid(), at, at, 1, describe(replaced));
        } catch (UncheckedIOException e) {
            insertJournal(c, next.key(), next.uid(), now, now, 1, "a status that could not be read back");
        }
    }

    @Override
    public List<PendingStatus> pending() {
        return store.transaction(c -> {
            List<PendingStatus> out = new ArrayList<>();
            List<InstanceKey> unreadable = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT namespace, name, uid, epoch, status FROM outbox ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InstanceKey key = new InstanceKey(rs.getString(1), rs.getString(2));
                    try {
                        out.add(new PendingStatus(key, rs.getString(3), rs.getLong(4), decode(rs.getBytes(5))));
                    } catch (UncheckedIOException e) {
                        LOG.error(
                                "the undelivered status of Instance {} in {} is unreadable; dropping it: the next"
                                        + " status will replace it",
                                key,
                                store.file());
                        unreadable.add(key);
                    }
                }
            }
            for (InstanceKey key : unreadable) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE namespace = ? AND name = ?")) {
                    ps.setString(1, key.namespace());
                    ps.setString(2, key.name());
                    ps.executeUpdate();
                }
            }
            return out;
        });
    }

    @Override
    public void delivered(PendingStatus delivered) {
        byte[] json = encode(delivered.status());
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE namespace = ? AND name = ?"
                    + " AND uid IS ? AND epoch = ? AND status = ?")) {
                ps.setString(1, delivered.key().namespace());
                ps.setString(2, delivered.key().name());
                ps.setString(3, delivered.uid());
                ps.setLong(4, delivered.epoch());
                ps.setBytes(5, json);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void discard(InstanceKey key) {
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE namespace = ? AND name = ?")) {
                ps.setString(1, key.namespace());
                ps.setString(2, key.name());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<JournalEntry> journal() {
        return store.transaction(DurableStatusOutbox::readJournal);
    }

    @Override
    public void replayed(JournalEntry entry) {
        store.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM journal WHERE seq = ?")) {
                ps.setLong(1, entry.seq());
                return ps.executeUpdate();
            }
        });
    }

    private static List<JournalEntry> readJournal(Connection c) throws SQLException {
        List<JournalEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, namespace, name, uid, first_at, last_at, count, text FROM journal ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String ns = rs.getString(2);
                out.add(new JournalEntry(
                        rs.getLong(1),
                        ns == null ? null : new InstanceKey(ns, rs.getString(3)),
                        rs.getString(4),
                        Instant.parse(rs.getString(5)),
                        Instant.parse(rs.getString(6)),
                        rs.getInt(7),
                        rs.getString(8)));
            }
        }
        return out;
    }

    private static void insertJournal(
            Connection c, InstanceKey key, String uid, Instant first, Instant last, int count, String text)
            throws SQLException {
        insertJournal(c, null, key, uid, first, last, count, text);
    }

    private static void insertJournal(
            Connection c, Long seq, InstanceKey key, String uid, Instant first, Instant last, int count, String text)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal (seq, namespace, name, uid, first_at,"
                + " last_at, count, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            if (seq == null) {
                ps.setNull(1, java.sql.Types.INTEGER);
            } else {
                ps.setLong(1, seq);
            }
            ps.setString(2, key == null ? null : key.namespace());
            ps.setString(3, key == null ? null : key.name());
            ps.setString(4, uid);
            ps.setString(5, first.toString());
            ps.setString(6, last.toString());
            ps.setInt(7, count);
            ps.setString(8, text);
            ps.executeUpdate();
        }
    }

    private static void delete(Connection c, List<JournalEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM journal WHERE seq = ?")) {
            for (JournalEntry e : entries) {
                ps.setLong(1, e.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Brings a journal over its bound down to half of it, summarising the oldest entries. */
    private void summariseIfFull(Connection c) throws SQLException {
        List<JournalEntry> all = readJournal(c);
        if (all.size() <= limit) {
            return;
        }
        List<JournalEntry> oldest = all.subList(0, all.size() - limit / 2);
        Map<String, List<JournalEntry>> byInstance = new LinkedHashMap<>();
        for (JournalEntry e : oldest) {
            String group = e.key() == null ? "" : e.key() + "/" + Objects.toString(e.uid());
            byInstance.computeIfAbsent(group, g -> new ArrayList<>()).add(e);
        }
        delete(c, oldest);
        for (List<JournalEntry> group : byInstance.values()) {
            JournalEntry first = group.getFirst();
            JournalEntry last = group.getLast();
            if (group.size() == 1) {
                insertJournal(
                        c,
                        first.seq(),
                        first.key(),
                        first.uid(),
                        first.firstAt(),
                        first.lastAt(),
                        first.count(),
                        first.text());
                continue;
            }
            int count = group.stream().mapToInt(JournalEntry::count).sum();
            String text = first.key() == null
                    ? nodeSummary(group)
                    : count + " status changes from " + first.firstAt() + " to " + last.lastAt()
                            + " while the control plane was unreachable; the last of them: "
                            + lastSentence(last);
            insertJournal(c, first.seq(), first.key(), first.uid(), first.firstAt(), last.lastAt(), count, text);
        }
        List<JournalEntry> after = readJournal(c);
        if (after.size() > limit) {
            List<JournalEntry> rest = after.subList(0, after.size() - limit / 2);
            delete(c, rest);
            JournalEntry first = rest.getFirst();
            insertJournal(
                    c,
                    first.seq(),
                    null,
                    null,
                    first.firstAt(),
                    rest.getLast().lastAt(),
                    rest.stream().mapToInt(JournalEntry::count).sum(),
                    nodeSummary(rest));
        }
    }

    private String nodeSummary(List<JournalEntry> entries) {
        int count = entries.stream().mapToInt(JournalEntry::count).sum();
        return count + " status changes from " + entries.getFirst().firstAt() + " to "
                + entries.getLast().lastAt() + " while the control plane was unreachable, summarised for the"
                + " whole node (the offline journal keeps " + limit + " entries)";
    }

    private static String lastSentence(JournalEntry e) {
        int colon = e.text().indexOf("; the last of them: ");
        return colon < 0 ? e.text() : e.text().substring(colon + "; the last of them: ".length());
    }

    /** {@code Starting (BackOff): exited with code 3; restarting in 2s}. */
    static String describe(InstanceStatus s) {
        StringBuilder out = new StringBuilder(s.phase().wireName());
        if (s.reason() != null) {
            out.append(" (").append(s.reason()).append(')');
        }
        if (s.message() != null) {
            out.append(": ").append(s.message());
        }
        return out.toString();
    }

    private static byte[] encode(InstanceStatus status) {
        return ResourceCodec.get().encode(status);
    }

    private static InstanceStatus decode(byte[] json) {
        try {
            return ResourceCodec.get().json().readValue(json, InstanceStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException("an undelivered status in the local store is unreadable", e);
        }
    }
}
