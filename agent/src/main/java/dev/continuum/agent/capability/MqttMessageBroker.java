package dev.continuum.agent.capability;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.continuum.wasm.capability.MessageBroker;
import dev.continuum.wasm.capability.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one MQTT 5 connection (HiveMQ's client), as the engine's {@link MessageBroker}: topics
 * here are the broker's own (the agent's {@link NamespacedBroker} puts each tenant under
 * {@code continuum/<namespace>/}).
 *
 * <pre>
 *   connect() --(async)--> CONNECTED --link lost--> RECONNECTING --(backoff 1 s .. 30 s)--> CONNECTED
 *                 |                                                   (subscriptions and unacknowledged
 *                 `--broker down at start--> RECONNECTING              publishes are sent again)
 *   close() --> CLOSED (publish fails, subscriptions end)
 * </pre>
 *
 * <p>Publishing is QoS 1 and asynchronous: while the broker is away, up to {@value #MAX_PENDING}
 * messages wait in the client and go out on reconnection; beyond that, and after {@link #close()},
 * {@code publish} throws {@link MessageBroker.BrokerException} (the guest sees {@code UNAVAILABLE}).
 * Subscriptions are local: the connection subscribes to a {@link WireFilters#disjointCover disjoint
 * cover} of what its subscribers want, so each message arrives once and goes to every local
 * subscriber whose filter matches it, on the client's threads. Messages published while the link is
 * down are not received (the session does not outlive the connection). Thread-safe.
 */
public final class MqttMessageBroker implements MessageBroker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttMessageBroker.class);
    /** Messages accepted but not yet acknowledged by the broker, at most. */
    static final int MAX_PENDING = 10_000;
    /** How long a new subscription waits for the broker's acknowledgement while connected. */
    private static final long SUBSCRIBE_WAIT_MS = 5_000;

    private final MqttBrokerAddress address;
    private final Mqtt5AsyncClient client;
    private final List<Local> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> wire = new HashSet<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** Shared with the client's listeners, which stop it reconnecting once this is set. */
    private final AtomicBoolean closed;

    private record Local(String filter, BiConsumer<String, byte[]> consumer) {}

    private MqttMessageBroker(MqttBrokerAddress address, Mqtt5AsyncClient client, AtomicBoolean closed) {
        this.address = address;
        this.client = client;
        this.closed = closed;
    }

    /**
     * Starts connecting to {@code address} as {@code clientId} and returns at once: an unreachable
     * broker is retried in the background (offline nodes keep running), and what is published
     * meanwhile waits as the class comment says.
     */
    public static MqttMessageBroker connect(MqttBrokerAddress address, String clientId) {
        var closed = new AtomicBoolean();
        var built = new AtomicReference<Mqtt5AsyncClient>();
        var builder = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(address.host())
                .serverPort(address.port())
                .automaticReconnect()
                .initialDelay(1, TimeUnit.SECONDS)
                .maxDelay(30, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> {
                    if (closed.get()) {
                        built.get().disconnect(); // a retry that was under way when it was closed
                        return;
                    }
                    LOG.info("connected to the MQTT broker {}", address);
                })
                .addDisconnectedListener(context -> {
                    if (closed.get()) {
                        // Closed while the broker was away: the retry that just failed was the last.
                        context.getReconnector().reconnect(false);
                        return;
                    }
                    // Without a session on the broker, send what it had not acknowledged again.
                    context.getReconnector().republishIfSessionExpired(true);
                    if (context.getReconnector().isReconnect()) {
                        LOG.warn(
                                "the MQTT broker {} is unreachable ({}); retrying",
                                address,
                                context.getCause().getMessage());
                    }
                });
        if (address.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        if (address.username() != null) {
            var auth = Mqtt5SimpleAuth.builder().username(address.username());
            builder = builder.simpleAuth(
                    address.password() == null
                            ? auth.build()
                            : auth.password(address.password().getBytes(StandardCharsets.UTF_8))
                                    .build());
        }
        built.set(builder.buildAsync());
        var broker = new MqttMessageBroker(address, built.get(), closed);
        broker.client.publishes(MqttGlobalPublishFilter.ALL, broker::dispatch);
        broker.client.connectWith().cleanStart(true).send().whenComplete((ack, e) -> {
            if (e != null) {
                LOG.warn("cannot connect to the MQTT broker {} yet ({}); retrying", address, e.getMessage());
            }
        });
        return broker;
    }

    /** Whether the connection is up now. */
    public boolean connected() {
        return client.getState() == MqttClientState.CONNECTED;
    }

    /** The filters the connection is subscribed to now (for diagnostics and tests). */
    public synchronized Set<String> wireFilters() {
        return Set.copyOf(wire);
    }

    /** The client's state: connected, reconnecting, or disconnected for good after {@link #close()}. */
    public MqttClientState state() {
        return client.getState();
    }

    /** The broker this connects to. */
    public MqttBrokerAddress address() {
        return address;
    }

    @Override
    public void publish(String topic, byte[] payload) {
        if (closed.get() || client.getState() == MqttClientState.DISCONNECTED) {
            throw new BrokerException("the connection to the MQTT broker " + address + " is closed", null);
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            throw new BrokerException(
                    MAX_PENDING + " messages are already waiting for the MQTT broker " + address, null);
        }
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .whenComplete((result, e) -> {
                    pending.decrementAndGet();
                    Throwable failure = e != null ? e : result.getError().orElse(null);
                    if (failure != null) {
                        LOG.warn("publishing to {} on {} failed: {}", topic, address, failure.getMessage());
                    }
                });
    }

    @Override
    public Subscription subscribe(String filter, BiConsumer<String, byte[]> consumer) {
        var local = new Local(filter, consumer);
        synchronized (this) {
            if (closed.get()) {
                throw new BrokerException("the connection to the MQTT broker " + address + " is closed", null);
            }
            subscribers.add(local);
            resubscribe();
        }
        return () -> {
            synchronized (this) {
                if (subscribers.remove(local) && !closed.get()) {
                    resubscribe();
                }
            }
        };
    }

    /** Brings the connection's subscriptions to the cover of what is wanted: new ones first, then drops. */
    private void resubscribe() {
        Set<String> target = WireFilters.disjointCover(
                subscribers.stream().map(Local::filter).toList());
        for (String filter : target) {
            if (wire.add(filter)) {
                var ack = client.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                if (client.getState() == MqttClientState.CONNECTED) {
                    awaitQuietly(ack, "subscribing to " + filter);
                }
            }
        }
        for (String filter : Set.copyOf(wire)) {
            if (!target.contains(filter)) {
                wire.remove(filter);
                client.unsubscribeWith().topicFilter(filter).send();
            }
        }
    }

    private void awaitQuietly(java.util.concurrent.CompletableFuture<?> future, String what) {
        try {
            future.get(SUBSCRIBE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The client keeps the subscription and sends it again once it is connected.
            LOG.warn("{} on the MQTT broker {} is not confirmed yet: {}", what, address, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        byte[] payload = message.getPayloadAsBytes();
        for (Local local : subscribers) {
            if (TopicFilter.matches(local.filter(), topic)) {
                try {
                    local.consumer().accept(topic, payload.clone());
                } catch (RuntimeException e) {
                    LOG.warn("delivering a message of {} to a subscriber of {} failed", topic, local.filter(), e);
                }
            }
        }
    }

    /**
     * Ends every subscription and disconnects. Idempotent. While the broker is away the client is
     * between retries: the next retry is its last, whether it fails (the state becomes disconnected)
     * or succeeds (the connection is closed at once).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed.getAndSet(true)) {
                return;
            }
            subscribers.clear();
            wire.clear();
        }
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("disconnecting from the MQTT broker {}: {}", address, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MQTT connection to " + address;
    }
}
