package dev.continuum.controller.application;

import dev.continuum.controller.runtime.Expectations;
import dev.continuum.controller.runtime.Informer;
import dev.continuum.controller.runtime.ObjectKey;
import dev.continuum.controller.runtime.ReconcileResult;
import dev.continuum.controller.runtime.Reconciler;
import dev.continuum.controller.runtime.ResourceHandler;
import dev.continuum.controller.runtime.Suffixes;
import dev.continuum.controller.runtime.WorkQueue;
import dev.continuum.model.Application;
import dev.continuum.model.ApplicationStatus;
import dev.continuum.model.ApplicationStatus.ComponentStatus;
import dev.continuum.model.Component;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.validation.Defaults;
import dev.continuum.store.ResourceStore;
import dev.continuum.store.Result;
import dev.continuum.store.WriteResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the right Instances for every component of every Application, keyed by the Application.
 *
 * <p>For each component the {@link ComponentPlanner} decides how many Instances to create and which
 * to delete; this controller carries it out and writes {@code Application.status} (per component:
 * desired, running, a sentence when something waits; {@code observedGeneration}). A new Instance is
 * named {@code {app}-{component}-{5 random}}, labelled with {@link Instance#APPLICATION_LABEL} and
 * {@link Instance#COMPONENT_LABEL}, carries the defaulted component as {@code spec.template}, epoch 1,
 * and no node: the scheduling controller binds it. Instances of a component that is no longer
 * declared, and every Instance of an Application that is gone (orphans included: the store is asked
 * before anything is deleted as an orphan), are deleted.
 *
 * <p>Its own writes are tracked as {@link Expectations} so that a stale cache never makes it create
 * or delete twice.
 */
public final class ApplicationController implements Reconciler<ObjectKey> {

    /** Instance index: the {@code namespace/application} that owns it. */
    public static final String BY_OWNER = "owner";

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationController.class);
    private static final Duration EXPECTATION_TIMEOUT = Duration.ofMinutes(1);

    private final ResourceStore store;
    private final Informer<Application> applications;
    private final Informer<Instance> instances;
    private final Supplier<String> ids;
    private final Expectations<ObjectKey> expectations;

    /**
     * @param ids random lowercase letters and digits; the first five of each name a new Instance
     */
    public ApplicationController(
            ResourceStore store,
            Informer<Application> applications,
            Informer<Instance> instances,
            Clock clock,
            Supplier<String> ids) {
        this.store = store;
        this.applications = applications;
        this.instances = instances;
        this.ids = ids;
        this.expectations = new Expectations<>(clock, EXPECTATION_TIMEOUT);
    }

    /** The Application an Instance belongs to: {@code spec.application}, else its label. */
    public static Optional<ObjectKey> owner(Instance i) {
        String app = i.spec() != null && i.spec().application() != null
                ? i.spec().application()
                : i.metadata().labels().get(Instance.APPLICATION_LABEL);
        if (app == null || i.metadata().namespace() == null) {
            return Optional.empty();
        }
        return Optional.of(new ObjectKey(i.metadata().namespace(), app));
    }

    private static String component(Instance i) {
        return i.spec() != null && i.spec().component() != null
                ? i.spec().component()
                : i.metadata().labels().get(Instance.COMPONENT_LABEL);
    }

    /**
     * Adds the {@link #BY_OWNER} index and the handlers that put Application keys on {@code queue}.
     * Call before the informers start.
     */
    public void register(WorkQueue<ObjectKey> queue) {
        instances.addIndex(
                BY_OWNER, i -> owner(i).map(k -> List.of(k.toString())).orElse(List.of()));
        applications.addHandler(ResourceHandler.any(a -> queue.add(ObjectKey.of(a))));
        instances.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Instance i) {
                owner(i).ifPresent(o -> {
                    expectations.observedCreate(o, i.metadata().name());
                    queue.add(o);
                });
            }

            @Override
            public void onUpdate(Instance old, Instance now) {
                owner(now).ifPresent(queue::add);
            }

            @Override
            public void onDelete(Instance i) {
                owner(i).ifPresent(o -> {
                    expectations.observedDelete(o, i.metadata().name());
                    queue.add(o);
                });
            }
        });
    }

    @Override
    public ReconcileResult reconcile(ObjectKey key) {
        Duration wait = expectations.remaining(key);
        if (wait.isPositive()) {
            return ReconcileResult.requeueAfter(wait); // the informer's event will come sooner
        }
        List<Instance> owned = instances.cache().byIndex(BY_OWNER, key.toString());
        Optional<Application> app = applications.cache().get(key);
        if (app.isEmpty() && !owned.isEmpty()) {
            app = store.get(Application.class, key.namespace(), key.name()); // cache lag is no reason to delete
        }
        if (app.isEmpty()) {
            expectations.forget(key);
            Failures failures = new Failures();
            for (Instance i : owned) {
                delete(key, i, 0, failures);
            }
            return failures.result();
        }
        return reconcile(key, app.get(), owned);
    }

    private ReconcileResult reconcile(ObjectKey key, Application app, List<Instance> owned) {
        Map<String, Component> templates = new LinkedHashMap<>();
        for (Component c : app.spec().components()) {
            if (c != null && c.name() != null) {
                templates.put(c.name(), Defaults.component(c));
            }
        }
        Map<String, List<Instance>> byComponent = new LinkedHashMap<>();
        Failures failures = new Failures();
        for (Instance i : owned) {
            String component = component(i);
            if (component != null && templates.containsKey(component)) {
                byComponent.computeIfAbsent(component, c -> new ArrayList<>()).add(i);
            } else {
                delete(key, i, i.metadata().resourceVersion(), failures); // its component was removed
            }
        }
        List<ComponentStatus> statuses = new ArrayList<>();
        for (Component template : templates.values()) {
            ComponentPlanner.Plan plan =
                    ComponentPlanner.plan(template, byComponent.getOrDefault(template.name(), List.of()));
            for (int n = 0; n < plan.create(); n++) {
                create(key, app, template, null, failures);
            }
            for (Instance lost : plan.replace()) {
                create(key, app, template, lost, failures);
            }
            for (Instance i : plan.delete()) {
                delete(key, i, i.metadata().resourceVersion(), failures);
            }
            statuses.add(plan.status());
        }
        ApplicationStatus status =
                new ApplicationStatus(statuses, app.metadata().generation());
        if (!status.equals(app.status())) {
            Result<Application> written = store.updateStatus(app.withStatus(status));
            if (!written.ok()) {
                failures.add("status of " + key + ": " + written.outcome());
            }
        }
        return failures.result();
    }

    /** Creates a new Instance of the component, or the replacement of {@code lost} when it is not null. */
    private void create(ObjectKey key, Application app, Component template, Instance lost, Failures failures) {
        String name = app.metadata().name() + "-" + template.name() + "-" + Suffixes.next(ids);
        ObjectMeta meta = ObjectMeta.named(key.namespace(), name)
                .withLabel(Instance.APPLICATION_LABEL, app.metadata().name())
                .withLabel(Instance.COMPONENT_LABEL, template.name());
        long epoch = 1;
        if (lost != null) {
            meta = meta.withAnnotations(Map.of(
                    Disconnection.REPLACES, lost.metadata().name(),
                    Disconnection.LINEAGE, Disconnection.lineage(lost)));
            epoch = lost.spec().epoch() + 1;
        }
        Instance instance =
                Instance.of(meta, new InstanceSpec(app.metadata().name(), template.name(), template, null, epoch));
        expectations.expectCreate(key, name);
        Result<Instance> created = store.create(instance);
        if (created.ok()) {
            LOG.debug(
                    "created Instance {}/{}{}",
                    key.namespace(),
                    name,
                    lost == null
                            ? ""
                            : " to replace the lost " + lost.metadata().name());
        } else {
            expectations.lower(key, name);
            failures.add("create " + name + ": " + created.outcome());
        }
    }

    private void delete(ObjectKey key, Instance i, long version, Failures failures) {
        String name = i.metadata().name();
        expectations.expectDelete(key, name);
        Result<Instance> deleted = store.delete(Instance.class, i.metadata().namespace(), name, version);
        if (deleted.ok()) {
            LOG.debug("deleted Instance {}", i.metadata().qualifiedName());
        } else {
            expectations.lower(key, name);
            if (deleted.outcome() != Outcome.NOT_FOUND) {
                failures.add("delete " + name + ": " + deleted.outcome());
            }
        }
    }

    /** Writes that did not go through; any makes the key retry with backoff. */
    private static final class Failures {
        private final List<String> reasons = new ArrayList<>();

        void add(String reason) {
            reasons.add(reason);
        }

        ReconcileResult result() {
            return reasons.isEmpty() ? ReconcileResult.done() : ReconcileResult.retry(String.join("; ", reasons));
        }
    }
}
