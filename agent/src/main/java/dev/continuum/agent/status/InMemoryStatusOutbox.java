package dev.continuum.agent.status;

import dev.continuum.agent.runtime.InstanceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link StatusOutbox} in memory: it survives a control-plane outage, not an agent restart. Thread-safe. */
public final class InMemoryStatusOutbox implements StatusOutbox {

    private final Map<InstanceKey, PendingStatus> pending = new LinkedHashMap<>();

    @Override
    public synchronized void put(PendingStatus status) {
        pending.put(status.key(), status);
    }

    @Override
    public synchronized List<PendingStatus> pending() {
        return new ArrayList<>(pending.values());
    }

    @Override
    public synchronized void delivered(PendingStatus delivered) {
        pending.remove(delivered.key(), delivered);
    }

    @Override
    public synchronized void discard(InstanceKey key) {
        pending.remove(key);
    }
}
