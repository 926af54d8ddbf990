package dev.continuum.agent.runtime;

import dev.continuum.model.Instance;
import dev.continuum.model.InstanceStatus;
import java.util.ArrayList;
import java.util.List;

/** A {@link StatusSink} that keeps every report, for tests. */
final class RecordingStatusSink implements StatusSink {
    private final List<InstanceStatus> reports = new ArrayList<>();

    @Override
    public synchronized void report(Instance instance, InstanceStatus status) {
        reports.add(status);
    }

    synchronized List<InstanceStatus> reports() {
        return List.copyOf(reports);
    }

    synchronized InstanceStatus latest() {
        return reports.isEmpty() ? null : reports.getLast();
    }
}
