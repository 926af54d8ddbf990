package dev.continuum.agent.status;

import java.util.List;

/**
 * Optional behaviour of a {@link StatusOutbox}: the history of what happened while the control plane
 * was unreachable. The outbox keeps only the newest status per Instance; the statuses it replaced
 * while offline go to a bounded journal instead of being lost, and are replayed as Events when the
 * control plane is back. When the journal is full its oldest entries are summarised (per Instance
 * first, then for the whole node), never silently dropped. Thread-safe.
 */
public interface StatusJournal {

    /** Whether the control plane is unreachable now: only then are replaced statuses journaled. */
    void offline(boolean value);

    /** What waits to be replayed, oldest first. */
    List<JournalEntry> journal();

    /** Removes an entry that was replayed. */
    void replayed(JournalEntry entry);
}
