package dev.continuum.agent.status;

import dev.continuum.agent.runtime.InstanceKey;
import java.time.Instant;

/**
 * One line of the offline history: a status the control plane never saw, or a summary of several.
 *
 * @param seq the entry's place in the journal (oldest first)
 * @param key the Instance it is about, or null for a summary of several Instances
 * @param uid the Instance's uid, or null
 * @param firstAt when the first change it covers happened
 * @param lastAt when the last one happened
 * @param count how many changes it covers
 * @param text one sentence for people
 */
public record JournalEntry(
        long seq, InstanceKey key, String uid, Instant firstAt, Instant lastAt, int count, String text) {}
