package dev.continuum.agent;

import dev.continuum.agent.capability.CapabilityGrants;
import dev.continuum.agent.capability.KeyValueBuckets;
import dev.continuum.agent.capability.MqttMessageBroker;
import dev.continuum.agent.fetch.ModuleCache;
import dev.continuum.agent.fetch.ModuleFetcher;
import dev.continuum.agent.gateway.ControlPlaneFunctionDirectory;
import dev.continuum.agent.gateway.Gateway;
import dev.continuum.agent.identity.CertificateEnrollment;
import dev.continuum.agent.identity.CertificateRenewal;
import dev.continuum.agent.identity.Enrollment;
import dev.continuum.agent.identity.GatewayNames;
import dev.continuum.agent.identity.NodeIdentity;
import dev.continuum.agent.local.LocalInstances;
import dev.continuum.agent.local.LocalStore;
import dev.continuum.agent.local.LocalStoreException;
import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.agent.node.Contact;
import dev.continuum.agent.node.LeaseHeartbeat;
import dev.continuum.agent.node.NodeEvents;
import dev.continuum.agent.node.NodeRegistration;
import dev.continuum.agent.node.PlatformDiscovery;
import dev.continuum.agent.runtime.CapabilityHook;
import dev.continuum.agent.runtime.Engines;
import dev.continuum.agent.runtime.FunctionRouteHook;
import dev.continuum.agent.runtime.InstanceContext;
import dev.continuum.agent.runtime.InstanceKey;
import dev.continuum.agent.runtime.InstanceSupervisor;
import dev.continuum.agent.runtime.LocalFunctions;
import dev.continuum.agent.runtime.ModuleHook;
import dev.continuum.agent.runtime.MqttTriggerHook;
import dev.continuum.agent.runtime.RuntimeCheckHook;
import dev.continuum.agent.runtime.ScheduleTriggerHook;
import dev.continuum.agent.runtime.StatusSink;
import dev.continuum.agent.runtime.SupervisorSettings;
import dev.continuum.agent.status.DurableStatusOutbox;
import dev.continuum.agent.status.StatusReporter;
import dev.continuum.agent.sync.DisconnectGuard;
import dev.continuum.agent.sync.InstanceSync;
import dev.continuum.agent.sync.StaleDesiredStateException;
import dev.continuum.client.ClientOptions;
import dev.continuum.client.ClientTls;
import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: joins the control plane, registers its Node and keeps its lease, runs the
 * Instances bound to it and serves their functions and logs on its gateway.
 *
 * <pre>
 *   new Agent(options) --start()--> STARTED --close()--> CLOSED
 *
 *   start():  data dir, local store (a corrupt one is moved aside)
 *             -> node certificate over https, node token over http (stored, or join
 *             with the bootstrap token; certificates renewed in the background)
 *             -> engines, module cache, logs -> gateway (port known) -> status reporter
 *             -> instance sync, disconnect guard -> restore what the local store holds
 *             -> register Node + first lease beat (tolerates an unreachable control plane)
 *             -> watch Instances with spec.node = this node -> supervisors
 *   close():  watch, heartbeat, supervisors (interrupted at once, 10 s in all), reporter, gateway,
 *             logs, engines, client
 * </pre>
 *
 * Once started, nothing the control plane does (or fails to do) stops the agent or its Instances:
 * while it is unreachable the Instances keep running and restarting (those whose component says
 * {@code stopOnNodeAfter} stop after that long), statuses wait in the local store, and on
 * reconnection the agent re-asserts its Node's readiness and delivers them. After a restart it runs
 * what its local store remembers before it asks the control plane (see docs/architecture/autonomy.md). {@link #start()} and
 * {@link #close()} are thread-safe; {@link #close()} is idempotent.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How long stopping Instances are waited for, in all. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long one module download may take. */
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(2);
    /** The reason of the Node event that says the local store was unusable and started over. */
    public static final String LOCAL_STORE_RECOVERED = "LocalStoreRecovered";

    private enum State {
        NEW,
        STARTED,
        CLOSED
    }

    private final AgentOptions options;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private State state = State.NEW;
    private Gateway gateway;
    private String gatewayAddress;
    private LeaseHeartbeat heartbeat;
    private InstanceSync sync;

    public Agent(AgentOptions options) {
        this.options = options;
    }

    /**
     * Starts the agent; returns once its gateway listens and its watch is started (the control plane
     * need not be reachable when a node token is already stored).
     *
     * @throws AgentStartException when it cannot join, the data folder is unusable or the gateway
     *     port is taken; everything started so far is stopped again
     * @throws IllegalStateException when already started or closed
     */
    public synchronized Agent start() {
        if (state != State.NEW) {
            throw new IllegalStateException(
                    "this agent was already " + (state == State.STARTED ? "started" : "closed"));
        }
        state = State.STARTED;
        try {
            startAll();
            LOG.info(
                    "agent {} started: gateway {}, control plane {}",
                    options.nodeName(),
                    gatewayAddress,
                    options.server());
            return this;
        } catch (RuntimeException | Error e) {
            closeAll();
            state = State.CLOSED;
            throw e;
        }
    }

    private void startAll() {
        var dataDir = options.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new AgentStartException(
                    "cannot create the data folder " + dataDir + ": " + e.getMessage()
                            + " (choose another with --data-dir)",
                    e);
        }
        LocalStore localStore;
        try {
            localStore = own(LocalStore.open(dataDir.resolve("local").resolve("agent.db"), options.clock()));
        } catch (LocalStoreException e) {
            throw new AgentStartException(e.getMessage(), e);
        }
        var instances = new LocalInstances(localStore);
        var contact = new Contact(localStore, options.clock());
        // Over https the node proves itself with a certificate of the cluster CA; over http with a node token.
        NodeIdentity identity = null;
        String token = null;
        ClientTls tls = null;
        if (options.tls()) {
            identity = CertificateEnrollment.obtain(new CertificateEnrollment.Settings(
                    options.server(),
                    options.nodeName(),
                    options.bootstrapToken(),
                    options.caHash(),
                    options.caFile(),
                    dataDir,
                    GatewayNames.of(options),
                    options.clock()));
            tls = identity.controlPlaneTls();
        } else {
            token = Enrollment.obtain(options.server(), options.nodeName(), options.bootstrapToken(), dataDir);
        }
        ContinuumClient client = own(ContinuumClient.connect(options.server(), token, ClientOptions.defaults(), tls));
        // Lease renewals, reclaims and node events must not hang for the default 30 s on a dead link.
        Duration quick = max(Duration.ofSeconds(1), options.leaseRenewInterval().multipliedBy(2));
        ContinuumClient quickClient = own(ContinuumClient.connect(
                options.server(),
                token,
                new ClientOptions(
                        quick,
                        quick,
                        ClientOptions.defaults().watchIdleTimeout(),
                        ClientOptions.defaults().backoffInitial(),
                        ClientOptions.defaults().backoffMax()),
                tls));
        if (identity != null) {
            own(new CertificateRenewal(identity, client, dataDir, GatewayNames.of(options), options.clock(), () -> {
                        client.reconnect();
                        quickClient.reconnect();
                    })
                    .start());
        }

        Engines engines = own(Engines.create(dataDir.resolve("classes")));
        InstanceLogs logs = own(new InstanceLogs(dataDir.resolve("logs"), options.clock()));
        var fetcher = new ModuleFetcher(new ModuleCache(localStore), engines.maxModuleBytes(), FETCH_TIMEOUT);
        var functions = new LocalFunctions();
        // Capabilities: key-value buckets beside the local store, the MQTT broker only when one is given.
        var buckets = own(new KeyValueBuckets(dataDir.resolve("local").resolve("keyvalue.db")));
        var mqtt = options.mqttBroker() == null
                ? null
                : own(MqttMessageBroker.connect(options.mqttBroker(), "continuum-" + options.nodeName()));
        var triggers = own(new MqttTriggerHook(mqtt, functions));
        var schedules = own(new ScheduleTriggerHook(functions, options.clock()));

        try {
            gateway = own(new Gateway(
                            options.gatewayHost(),
                            options.gatewayPort(),
                            options.nodeName(),
                            functions,
                            new ControlPlaneFunctionDirectory(client, options.nodeName()),
                            logs,
                            identity == null ? null : identity.gatewayServerContext(),
                            identity == null ? null : identity.gatewayClientContext())
                    .start());
        } catch (IllegalStateException e) {
            throw new AgentStartException(e.getMessage(), e);
        }
        gatewayAddress = options.gatewayAddressFor(gateway.port());

        var settings = new SupervisorSettings(
                options.restartBackoff(),
                options.restartBackoffMax(),
                SupervisorSettings.DEFAULT_HEALTHY_AFTER,
                gatewayAddress,
                options.clock());
        var hooks = List.of(
                new RuntimeCheckHook(),
                new ModuleHook(
                        fetcher,
                        engines,
                        (context, digest) -> remember(() -> instances.module(context.key(), context.uid(), digest))),
                new CapabilityHook(new CapabilityGrants(buckets, mqtt, options.nodeName()), engines),
                new FunctionRouteHook(functions, engines),
                triggers,
                schedules);
        var holder = new InstanceSync[1];
        StatusReporter reporter = new StatusReporter(
                client,
                options.nodeName(),
                new DurableStatusOutbox(localStore, DurableStatusOutbox.DEFAULT_JOURNAL_LIMIT, options.clock()),
                key -> holder[0].latest(key));
        StatusSink sink = (instance, status) -> {
            remember(() -> instances.status(
                    InstanceKey.of(instance),
                    instance.metadata().uid(),
                    instance.spec().epoch(),
                    status));
            reporter.report(instance, status);
        };
        NodeEvents events = own(new NodeEvents(quickClient, options.nodeName(), options.clock()).start());
        InstanceSync sync = new InstanceSync(
                options.nodeName(),
                instance -> new InstanceSupervisor(
                        new InstanceContext(
                                instance,
                                logs.open(
                                        instance.metadata().namespace(),
                                        instance.metadata().name())),
                        hooks,
                        engines,
                        sink,
                        settings),
                logs,
                STOP_GRACE,
                reporter::discard,
                reporter::connectionChanged,
                instances,
                sink,
                stale -> events.warn(StaleDesiredStateException.REASON, stale.getMessage()),
                options.clock());
        holder[0] = sync;
        this.sync = sync;
        // Closed in reverse: the watch first, then the supervisors, then the reporter behind them.
        own(reporter.start());
        own(sync);
        new DisconnectGuard(sync, contact, quickClient, options.nodeName(), options.leaseDuration(), options.clock())
                .start();
        localStore.recovery().ifPresent(r -> events.warn(LOCAL_STORE_RECOVERED, r.describe()));
        sync.restore();

        var registration = new NodeRegistration(
                quickClient,
                options.nodeName(),
                new NodeRegistration.Declared(options.tier(), options.parent(), options.location(), options.labels()),
                PlatformDiscovery.discover(options.arch(), options.os(), AgentVersion.get()),
                gatewayAddress,
                options.clock());
        heartbeat = own(new LeaseHeartbeat(
                        quickClient,
                        registration,
                        options.leaseRenewInterval(),
                        options.leaseDuration(),
                        options.clock(),
                        contact)
                .start());

        own(client.watch(Instance.class, null, Selector.field("spec.node", options.nodeName()), sync));
    }

    /** Writes to the local store on behalf of a supervisor, which must not fail for it. */
    private static void remember(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.error(
                    "the agent's local store failed; what it could not remember is lost if the agent restarts"
                            + " offline: {}",
                    e.getMessage());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** This agent's node name. */
    public String nodeName() {
        return options.nodeName();
    }

    /** The options the agent runs with. */
    public AgentOptions options() {
        return options;
    }

    /** The port the gateway listens on (the chosen one when the options said 0). */
    public synchronized int gatewayPort() {
        if (gateway == null) {
            throw new IllegalStateException("the agent is not started");
        }
        return gateway.port();
    }

    /** The URL the gateway is reported at, e.g. {@code http://10.0.0.7:7080}. */
    public synchronized String gatewayAddress() {
        if (gatewayAddress == null) {
            throw new IllegalStateException("the agent is not started");
        }
        return gatewayAddress;
    }

    /** The Instances this node runs now (a supervisor is up), as {@code namespace/name}; for diagnostics and tests. */
    public synchronized Set<String> running() {
        return sync == null
                ? Set.of()
                : sync.running().stream().map(Object::toString).collect(Collectors.toSet());
    }

    /** Whether the agent's last heartbeat reached the control plane (it beats every lease renew interval). */
    public synchronized boolean connected() {
        return heartbeat != null && state == State.STARTED && heartbeat.inTouch();
    }

    /**
     * Stops the agent: its watch, every Instance (interrupted, waited for a bounded time), the
     * heartbeat, the status reporter and the gateway. The Instances stay bound to the node in the
     * control plane; the lease simply runs out. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeAll();
        LOG.info("agent {} stopped", options.nodeName());
    }

    private void closeAll() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            long started = System.nanoTime();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", resource, e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > 2000) {
                LOG.warn("stopping {} took {} ms", resource, millis);
            }
        }
    }
}
