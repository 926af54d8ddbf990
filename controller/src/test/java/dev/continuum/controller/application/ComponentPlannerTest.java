package dev.continuum.controller.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.controller.testing.Resources;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.InstanceStatus.SchedulingStatus;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Scaling;
import dev.continuum.model.validation.Defaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Component web = Defaults.component(Resources.service("web").withReplicas(2));
    private final Component webV2 = web.withModule("file:web-v2.wasm");

    /** An Instance called {@code name}, created {@code age} seconds after T0, bound to {@code node} (or not), in {@code phase}. */
    private static Instance instance(
            String name, Component template, long createdAt, String node, InstancePhase phase) {
        ObjectMeta meta = ObjectMeta.named("default", name).withCreationTimestamp(T0.plusSeconds(createdAt));
        return Instance.of(meta, new InstanceSpec("hello", template.name(), template, node, 1))
                .withStatus(InstanceStatus.PENDING.withPhase(phase, null, null, T0));
    }

    private static Instance running(String name, Component template, long createdAt) {
        return instance(name, template, createdAt, "n1", InstancePhase.RUNNING);
    }

    private static List<String> names(List<Instance> instances) {
        return instances.stream().map(i -> i.metadata().name()).toList();
    }

    @ParameterizedTest(name = "replicas {0}, scaling min {1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {"-, -, 1", "3, -, 3", "0, -, 0", "-, 0, 0", "-, 2, 2", "5, 2, 2", "-, -1, 0"})
    void wantsReplicasOrTheScalingMinimum(Integer replicas, Integer min, int desired) {
        Component c = Resources.service("c").withReplicas(replicas);
        if (min != null) {
            c = new Component(
                    c.name(),
                    c.type(),
                    c.module(),
                    null,
                    null,
                    replicas,
                    new Scaling(min, 10, null, Duration.ofMinutes(1)),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        assertThat(ComponentPlanner.desiredReplicas(c)).isEqualTo(desired);
    }

    @Test
    void createsWhatIsMissing() {
        ComponentPlanner.Plan plan = ComponentPlanner.plan(web, List.of(running("a", web, 0)));
        assertThat(plan.create()).isEqualTo(1);
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.status().desired()).isEqualTo(2);
        assertThat(plan.status().running()).isEqualTo(1);
    }

    @Test
    void scalesDownUnboundThenNotRunningThenNewestFirst() {
        Component one = web.withReplicas(1);
        List<Instance> instances = List.of(
                running("old-running", one, 0),
                running("new-running", one, 10),
                instance("bound-starting", one, 5, "n1", InstancePhase.STARTING),
                instance("unbound", one, 1, null, InstancePhase.PENDING));
        assertThat(names(ComponentPlanner.plan(one, instances).delete()))
                .containsExactly("unbound", "bound-starting", "new-running");
    }

    @Test
    void aScaleChangeReplacesNothing() {
        Component three = web.withReplicas(3);
        ComponentPlanner.Plan plan = ComponentPlanner.plan(three, List.of(running("a", web, 0), running("b", web, 0)));
        assertThat(plan.create()).isEqualTo(1);
        assertThat(plan.delete()).isEmpty();
        assertThat(ComponentPlanner.sameTemplate(three, web)).isTrue();
        assertThat(ComponentPlanner.sameTemplate(webV2, web)).isFalse();
    }

    @Test
    void replacesANewTemplateOneInstanceAtATimeSurgeFirst() {
        List<Instance> instances = new ArrayList<>(List.of(running("old-1", web, 0), running("old-2", web, 0)));

        ComponentPlanner.Plan step = ComponentPlanner.plan(webV2, instances);
        assertThat(step.create()).as("surge: one new while both old serve").isEqualTo(1);
        assertThat(step.delete()).isEmpty();
        assertThat(step.status().message()).isEqualTo("replacing 2 Instances with the new template");

        instances.add(instance("new-1", webV2, 10, null, InstancePhase.PENDING));
        step = ComponentPlanner.plan(webV2, instances);
        assertThat(step.nothingToDo()).as("wait until the new one runs").isTrue();
        assertThat(step.status().message())
                .isEqualTo(
                        "replacing 2 Instances with the new template; 1 Instance pending: waiting for the scheduler");

        instances.set(2, running("new-1", webV2, 10));
        step = ComponentPlanner.plan(webV2, instances);
        assertThat(step.create()).isZero();
        assertThat(names(step.delete())).containsExactly("old-2");

        instances.remove(1);
        step = ComponentPlanner.plan(webV2, instances);
        assertThat(step.create()).isEqualTo(1);
        assertThat(step.delete()).isEmpty();

        instances.add(running("new-2", webV2, 20));
        step = ComponentPlanner.plan(webV2, instances);
        assertThat(names(step.delete())).containsExactly("old-1");

        instances.removeFirst();
        step = ComponentPlanner.plan(webV2, instances);
        assertThat(step.nothingToDo()).isTrue();
        assertThat(step.status().message()).isNull();
    }

    @Test
    void fillsUpAtOnceWhenFewerThanWantedExistDuringAReplacement() {
        ComponentPlanner.Plan plan = ComponentPlanner.plan(webV2.withReplicas(3), List.of(running("old", web, 0)));
        assertThat(plan.create()).isEqualTo(2);
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void scaledToZeroDeletesOldAndNewAlike() {
        ComponentPlanner.Plan plan =
                ComponentPlanner.plan(webV2.withReplicas(0), List.of(running("old", web, 0), running("new", webV2, 1)));
        assertThat(names(plan.delete())).containsExactlyInAnyOrder("old", "new");
    }

    @Test
    void neverReplacesAFinishedJobNotEvenForANewTemplate() {
        Component batch = Defaults.component(Resources.job("batch"));
        Instance done = instance("done", batch, 0, "n1", InstancePhase.SUCCEEDED);
        assertThat(ComponentPlanner.plan(batch, List.of(done)).nothingToDo()).isTrue();
        Component batchV2 = batch.withModule("file:batch-v2.wasm");
        assertThat(ComponentPlanner.plan(batchV2, List.of(done)).nothingToDo()).isTrue();
        Instance failed = instance("failed", batch, 0, "n1", InstancePhase.FAILED);
        assertThat(ComponentPlanner.plan(batchV2, List.of(failed)).nothingToDo())
                .isTrue();
    }

    @Test
    void aFailedServiceIsNotFinished() {
        Instance failed = instance("crashed", web.withReplicas(1), 0, "n1", InstancePhase.FAILED);
        assertThat(ComponentPlanner.plan(web.withReplicas(1), List.of(failed)).nothingToDo())
                .isTrue();
        assertThat(ComponentPlanner.plan(webV2.withReplicas(1), List.of(failed)).create())
                .as("a service's Failed copy is replaced for a new template like any other")
                .isEqualTo(1);
        Component batch = Defaults.component(Resources.job("batch").withType(ComponentType.JOB));
        Instance runningJob = instance("busy", batch, 0, "n1", InstancePhase.RUNNING);
        assertThat(ComponentPlanner.plan(batch.withModule("file:v2.wasm"), List.of(runningJob))
                        .create())
                .as("a job still running is replaced")
                .isEqualTo(1);
    }

    @Test
    void saysWhyInstancesArePending() {
        Instance stuck = instance("stuck", web, 0, null, InstancePhase.PENDING)
                .withStatus(InstanceStatus.PENDING.withScheduling(
                        new SchedulingStatus("0/3 nodes fit: 3 insufficient memory", List.of(), T0)));
        ComponentPlanner.Plan plan = ComponentPlanner.plan(web.withReplicas(1), List.of(stuck));
        assertThat(plan.status().message()).isEqualTo("1 Instance pending: 0/3 nodes fit: 3 insufficient memory");
    }

    /** A copy declared lost by the disconnect controller ({@code lineage} and {@code epoch} as given). */
    private static Instance lost(String name, Component template, long epoch, String lineage) {
        Instance i = running(name, template, 0);
        java.util.Map<String, String> a = new java.util.HashMap<>();
        a.put(Disconnection.LOST, T0.toString());
        if (lineage != null) {
            a.put(Disconnection.LINEAGE, lineage);
        }
        return i.withMetadata(i.metadata().withAnnotations(a)).withSpec(i.spec().withEpoch(epoch));
    }

    private static Instance replacementOf(String name, Component template, long epoch, String lineage) {
        Instance i = running(name, template, 10);
        return i.withMetadata(i.metadata()
                        .withAnnotations(
                                java.util.Map.of(Disconnection.REPLACES, lineage, Disconnection.LINEAGE, lineage)))
                .withSpec(i.spec().withEpoch(epoch));
    }

    @Test
    void aLostCopyDoesNotCountAndGetsOneReplacementInsteadOfANewCopy() {
        ComponentPlanner.Plan plan = ComponentPlanner.plan(web, List.of(running("a", web, 0), lost("b", web, 1, null)));
        assertThat(names(plan.replace())).containsExactly("b");
        assertThat(plan.create()).as("the replacement fills the slot").isZero();
        assertThat(plan.delete()).as("a lost copy waits for its node").isEmpty();
        assertThat(plan.status().running())
                .as("a lost copy is not counted as running")
                .isEqualTo(1);
        assertThat(plan.status().message()).contains("1 Instance lost with its node, 1 being replaced");
    }

    @Test
    void aLostCopyWhoseLineageHasANewerEpochIsNotReplacedAgain() {
        ComponentPlanner.Plan plan = ComponentPlanner.plan(
                web, List.of(running("a", web, 0), lost("b", web, 1, null), replacementOf("c", web, 2, "b")));
        assertThat(plan.nothingToDo()).isTrue();
    }

    @Test
    void aLostReplacementIsReplacedInTurn() {
        ComponentPlanner.Plan plan = ComponentPlanner.plan(
                web, List.of(running("a", web, 0), lost("b", web, 1, null), lost("c", web, 2, "b")));
        assertThat(names(plan.replace())).containsExactly("c");
    }

    @Test
    void lostCopiesGoWhenNothingIsWanted() {
        Component none = web.withReplicas(0);
        ComponentPlanner.Plan plan = ComponentPlanner.plan(none, List.of(lost("b", web, 1, null)));
        assertThat(names(plan.delete())).containsExactly("b");
        assertThat(plan.replace()).isEmpty();
    }

    @Test
    void aFencedCopyIsTheFirstToGoWhenThereAreTooMany() {
        Instance fenced = running("f", web, 0);
        fenced = fenced.withMetadata(fenced.metadata().withAnnotations(java.util.Map.of(Disconnection.FENCED, "x")));
        ComponentPlanner.Plan plan =
                ComponentPlanner.plan(web, List.of(running("a", web, 5), running("b", web, 6), fenced));
        assertThat(names(plan.delete())).containsExactly("f");
    }
}
