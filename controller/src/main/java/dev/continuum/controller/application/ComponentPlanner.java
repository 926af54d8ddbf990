package dev.continuum.controller.application;

import dev.continuum.model.ApplicationStatus.ComponentStatus;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides what to do with one component's Instances; a pure function of the component (after
 * {@link dev.continuum.model.validation.Defaults#component}) and the Instances that run it.
 *
 * <ul>
 *   <li><b>How many</b>: {@code replicas}, or {@code scaling.minReplicas} when the component scales
 *       (0 when unset: a function scaled to zero has no Instance).
 *   <li><b>Finished jobs</b>: a {@code job}'s Instance that Succeeded or Failed is done; it counts
 *       towards the wanted number and is never replaced, not even for a new template. Services and
 *       functions never finish: their agent restarts them, so Failed is just another phase.
 *   <li><b>Scaling down</b> removes the least valuable Instances first: unbound, then not Running,
 *       then the newest.
 *   <li><b>Lost copies</b> (their node was unreachable too long, see {@link Disconnection#LOST}) are
 *       set aside: they do not count, and each gets a replacement (its epoch + 1, its lineage)
 *       unless a copy of its lineage with a higher epoch exists; they are deleted only when nothing
 *       is wanted — otherwise their node's return decides.
 *   <li><b>A new template</b> (anything but {@code replicas} and {@code scaling}) replaces Instances one at a time, surge first: create one with the new
 *       template, wait until it runs, delete one with the old, and again — capacity never drops
 *       below what is wanted while the replacement runs.
 * </ul>
 */
public final class ComponentPlanner {

    /** Fenced first (they must not run), unbound, then bound but not Running, then Running; within each, newest first. */
    public static final Comparator<Instance> LEAST_VALUABLE_FIRST = Comparator.<Instance>comparingInt(
                    ComponentPlanner::value)
            .thenComparing(ComponentPlanner::created, Comparator.reverseOrder())
            .thenComparing(i -> i.metadata().name(), Comparator.reverseOrder());

    private ComponentPlanner() {}

    /**
     * @param create how many new Instances with the current template to make
     * @param delete which Instances to delete
     * @param replace lost Instances to replace: each gets a new Instance with the current template, the
     *     lost one's epoch + 1 and its lineage
     * @param status the component's line in the Application's status
     */
    public record Plan(int create, List<Instance> delete, List<Instance> replace, ComponentStatus status) {
        public Plan {
            delete = List.copyOf(delete);
            replace = List.copyOf(replace);
        }

        public boolean nothingToDo() {
            return create == 0 && delete.isEmpty() && replace.isEmpty();
        }
    }

    /** The number of Instances the component wants now. */
    public static int desiredReplicas(Component component) {
        if (component.scaling() != null) {
            Integer min = component.scaling().minReplicas();
            return min == null ? 0 : Math.max(0, min);
        }
        return Math.max(0, component.replicasOrDefault());
    }

    /**
     * @param template the component as the Application declares it now, after defaults
     * @param instances every Instance of this component of this Application
     */
    public static Plan plan(Component template, List<Instance> instances) {
        int desired = desiredReplicas(template);
        boolean job = template.typeOrDefault() == ComponentType.JOB;
        List<Instance> finished = new ArrayList<>();
        List<Instance> current = new ArrayList<>();
        List<Instance> outdated = new ArrayList<>();
        List<Instance> lost = new ArrayList<>();
        for (Instance i : instances) {
            if (Disconnection.lost(i)) {
                lost.add(i); // set aside: its node decides its fate when it returns
            } else if (job && finishedPhase(i)) {
                finished.add(i);
            } else if (sameTemplate(template, i.spec().template())) {
                current.add(i);
            } else {
                outdated.add(i);
            }
        }
        int want = Math.max(0, desired - finished.size());
        int create = 0;
        List<Instance> delete = new ArrayList<>();
        String message = null;
        List<Instance> replace = new ArrayList<>();
        if (want == 0) {
            delete.addAll(lost);
        } else {
            int room = Math.max(0, want - current.size() - outdated.size());
            for (Instance i : lost) {
                if (replace.size() < room && unreplaced(i, instances)) {
                    replace.add(i);
                }
            }
        }
        if (outdated.isEmpty()) {
            if (current.size() < want) {
                create = Math.max(0, want - current.size() - replace.size());
            } else if (current.size() > want) {
                delete.addAll(leastValuable(current, current.size() - want));
            }
        } else if (want == 0) {
            delete.addAll(outdated);
            delete.addAll(current);
        } else {
            message = "replacing " + outdated.size() + " " + plural(outdated.size(), "Instance")
                    + " with the new template";
            int total = current.size() + outdated.size();
            boolean newOnesRunning = current.stream().allMatch(ComponentPlanner::running);
            if (total < want) {
                create = Math.max(0, want - total - replace.size());
            } else if (!newOnesRunning) {
                // wait: the old copies keep serving until the new ones run
            } else if (total > want) {
                int excess = total - want;
                delete.addAll(leastValuable(outdated, Math.min(excess, outdated.size())));
                if (excess > outdated.size()) {
                    delete.addAll(leastValuable(current, excess - outdated.size()));
                }
            } else {
                create = 1;
            }
        }
        int runningNow = (int) instances.stream()
                .filter(i -> !Disconnection.lost(i))
                .filter(ComponentPlanner::running)
                .count();
        String pending = pendingMessage(instances);
        if (!lost.isEmpty()) {
            String away = lost.size() + " " + plural(lost.size(), "Instance") + " lost with "
                    + (lost.size() == 1 ? "its node" : "their nodes")
                    + (replace.isEmpty() ? "" : ", " + replace.size() + " being replaced");
            pending = pending == null ? away : away + "; " + pending;
        }
        if (message == null) {
            message = pending;
        } else if (pending != null) {
            message = message + "; " + pending;
        }
        return new Plan(create, delete, replace, new ComponentStatus(template.name(), desired, runningNow, message));
    }

    /** True when no copy of the lost Instance's lineage has a higher epoch: nothing replaces it yet. */
    private static boolean unreplaced(Instance lost, List<Instance> instances) {
        String lineage = Disconnection.lineage(lost);
        return instances.stream()
                .filter(i -> i != lost)
                .noneMatch(i -> lineage.equals(Disconnection.lineage(i))
                        && i.spec().epoch() > lost.spec().epoch());
    }

    /**
     * True when an Instance made from {@code stored} runs the same copy as one made from
     * {@code wanted}: how many copies there are ({@code replicas}, {@code scaling}) does not change
     * what one copy is, so a scale change never replaces Instances.
     */
    public static boolean sameTemplate(Component wanted, Component stored) {
        return stored != null && Objects.equals(copyShape(wanted), copyShape(stored));
    }

    private static Component copyShape(Component c) {
        return new Component(
                c.name(),
                c.typeOrDefault(),
                c.module(),
                c.digest(),
                c.image(),
                null,
                null,
                c.triggers(),
                c.resources(),
                c.placement(),
                c.capabilities(),
                c.args(),
                c.env(),
                c.migration(),
                c.disconnect(),
                c.priority(),
                c.profile());
    }

    private static String pendingMessage(List<Instance> instances) {
        List<Instance> pending = instances.stream()
                .filter(i -> !i.isBound())
                .sorted(Comparator.comparing(ComponentPlanner::created)
                        .thenComparing(i -> i.metadata().name()))
                .toList();
        if (pending.isEmpty()) {
            return null;
        }
        String why = pending.stream()
                .map(i -> i.status().scheduling())
                .filter(Objects::nonNull)
                .map(s -> s.summary())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("waiting for the scheduler");
        return pending.size() + " " + plural(pending.size(), "Instance") + " pending: " + why;
    }

    private static List<Instance> leastValuable(List<Instance> from, int count) {
        return from.stream().sorted(LEAST_VALUABLE_FIRST).limit(count).toList();
    }

    private static int value(Instance i) {
        if (Disconnection.fenced(i)) {
            return -1;
        }
        if (!i.isBound()) {
            return 0;
        }
        return running(i) ? 2 : 1;
    }

    private static Instant created(Instance i) {
        Instant t = i.metadata().creationTimestamp();
        return t == null ? Instant.MIN : t;
    }

    static boolean running(Instance i) {
        return i.status().phase() == InstancePhase.RUNNING;
    }

    private static boolean finishedPhase(Instance i) {
        InstancePhase p = i.status().phase();
        return p == InstancePhase.SUCCEEDED || p == InstancePhase.FAILED;
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}
