package dev.continuum.wasm.capability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;
import run.endive.runtime.WasmFunctionHandle;

/**
 * The {@code continuum.*} host functions of one instance, bound to its grant. Holds the host-side
 * state a guest builds up through them (messaging subscriptions and their queued messages), which
 * snapshots capture ({@link #state()}) and restore ({@link #restore}).
 *
 * <p>Used by the instance's thread only, except that broker deliveries arrive on any thread into a
 * synchronized queue. Close it to end the subscriptions.
 */
public final class CapabilityHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityHost.class);
    private static final int MAX_KEY = 512;
    private static final int MAX_VALUE = 1 << 20;
    private static final int MAX_LOG = 8 << 10;
    private static final int MAX_URL = 8 << 10;
    private static final int MAX_TOPIC = 1024;
    private static final int MAX_QUEUED = 1000;

    private final Capabilities grant;
    private final Supplier<OutboundHttp> http;
    private final Map<String, MessageBroker.Subscription> subscriptions = new LinkedHashMap<>();
    private final Deque<Message> inbox = new ArrayDeque<>();
    private int dropped;

    /** A message delivered to a subscription and not yet received by the guest. */
    public record Message(String topic, byte[] payload) {}

    /** The host-side state of the capabilities: what a snapshot carries. */
    public record State(List<String> subscriptions, List<Message> queued) {}

    public CapabilityHost(Capabilities grant) {
        this.grant = grant;
        var client = grant.httpAllowList() == null ? null : OutboundHttp.standard(grant.httpAllowList());
        this.http = () -> client;
    }

    /** A host whose http-outbound calls go through {@code client} (tests use a fixed resolver). */
    public CapabilityHost(Capabilities grant, OutboundHttp client) {
        this.grant = grant;
        this.http = () -> client;
    }

    /**
     * The functions for {@code imported} names (those the module imports from {@code continuum}).
     *
     * @throws IllegalStateException when one is not covered by the grant (link checks come first)
     */
    public List<HostFunction> functions(Set<String> imported) {
        var result = new ArrayList<HostFunction>();
        for (String name : imported) {
            var capability = Capability.ofFunction(name).orElseThrow();
            if (!grant.granted().contains(capability)) {
                throw new IllegalStateException(name + " needs the " + capability.wireName() + " capability");
            }
            result.add(new HostFunction(Capability.MODULE, name, Capability.signature(name), handle(name)));
        }
        return result;
    }

    private WasmFunctionHandle handle(String name) {
        return (instance, args) -> {
            try {
                return new long[] {call(name, instance, args)};
            } catch (GuestMemory.BadArgument e) {
                return new long[] {e.status};
            } catch (KeyValueStore.KeyValueException | MessageBroker.BrokerException e) {
                LOG.warn("capability {} failed: {}", name, e.getMessage());
                return new long[] {AbiStatus.UNAVAILABLE};
            }
        };
    }

    private int call(String name, Instance instance, long[] a) {
        var memory = new GuestMemory(instance.memory());
        return switch (name) {
            case "log" -> {
                String message =
                        new String(memory.bytes(a[1], Math.min(a[2], MAX_LOG), MAX_LOG), StandardCharsets.UTF_8);
                grant.log().log(LogSink.Level.of((int) a[0]), message);
                yield AbiStatus.OK;
            }
            case "config_get" -> {
                String value = grant.config().get(memory.string(a[0], a[1], MAX_KEY));
                yield value == null
                        ? AbiStatus.NOT_FOUND
                        : memory.output(value.getBytes(StandardCharsets.UTF_8), a[2], a[3], a[4]);
            }
            case "kv_get" -> {
                var value = grant.keyValue().get(grant.bucket(), key(memory, a[0], a[1]));
                yield value.isEmpty() ? AbiStatus.NOT_FOUND : memory.output(value.get(), a[2], a[3], a[4]);
            }
            case "kv_set" -> {
                grant.keyValue().put(grant.bucket(), key(memory, a[0], a[1]), memory.bytes(a[2], a[3], MAX_VALUE));
                yield AbiStatus.OK;
            }
            case "kv_delete" ->
                grant.keyValue().delete(grant.bucket(), key(memory, a[0], a[1])) ? AbiStatus.OK : AbiStatus.NOT_FOUND;
            case "http_request" -> httpRequest(memory, a);
            case "msg_publish" -> {
                String topic = memory.string(a[0], a[1], MAX_TOPIC);
                if (topic.isEmpty()
                        || topic.contains("+")
                        || topic.contains("#")
                        || grant.publishTopics().stream().noneMatch(f -> TopicFilter.matches(f, topic))) {
                    yield AbiStatus.DENIED;
                }
                grant.broker().publish(topic, memory.bytes(a[2], a[3], MAX_VALUE));
                yield AbiStatus.OK;
            }
            case "msg_subscribe" -> subscribe(memory.string(a[0], a[1], MAX_TOPIC));
            case "msg_receive" -> receive(memory, a);
            default -> throw new IllegalStateException("no capability function " + name);
        };
    }

    private static String key(GuestMemory memory, long pointer, long length) {
        String key = memory.string(pointer, length, MAX_KEY);
        if (key.isEmpty()) {
            throw new GuestMemory.BadArgument(AbiStatus.INVALID, "empty key");
        }
        return key;
    }

    private int httpRequest(GuestMemory memory, long[] a) {
        String method = memory.string(a[0], a[1], 32);
        String url = memory.string(a[2], a[3], MAX_URL);
        String headers = memory.string(a[4], a[5], 64 << 10);
        byte[] body = memory.bytes(a[6], a[7], MAX_VALUE * 16);
        var result = http.get().send(method, url, headers, body);
        if (result.status() != AbiStatus.OK) {
            LOG.debug("http_request {} {} refused: {}", method, url, result.reason());
            return result.status();
        }
        memory.writeU32(a[11], result.httpStatus());
        return memory.output(result.body(), a[8], a[9], a[10]);
    }

    private int subscribe(String filter) {
        if (filter.isEmpty() || grant.subscribeTopics().stream().noneMatch(g -> TopicFilter.covers(g, filter))) {
            return AbiStatus.DENIED;
        }
        if (!subscriptions.containsKey(filter)) {
            subscriptions.put(filter, grant.broker().subscribe(filter, this::deliver));
        }
        return AbiStatus.OK;
    }

    private void deliver(String topic, byte[] payload) {
        synchronized (inbox) {
            if (inbox.size() >= MAX_QUEUED) {
                inbox.removeFirst();
                dropped++;
            }
            inbox.addLast(new Message(topic, payload));
        }
    }

    private int receive(GuestMemory memory, long[] a) {
        Message next;
        synchronized (inbox) {
            next = inbox.peekFirst();
            if (next == null) {
                return AbiStatus.NOT_FOUND;
            }
            byte[] topic = next.topic().getBytes(StandardCharsets.UTF_8);
            memory.writeU32(a[2], topic.length);
            memory.writeU32(a[5], next.payload().length);
            if (topic.length > a[1] || next.payload().length > a[4]) {
                return AbiStatus.TOO_SMALL;
            }
            inbox.removeFirst();
            memory.output(topic, a[0], a[1], a[2]);
            return memory.output(next.payload(), a[3], a[4], a[5]);
        }
    }

    /** Messages dropped because the guest did not receive them fast enough (oldest first). */
    public int droppedMessages() {
        synchronized (inbox) {
            return dropped;
        }
    }

    /** The subscriptions and queued messages, for a snapshot. */
    public State state() {
        synchronized (inbox) {
            return new State(List.copyOf(subscriptions.keySet()), List.copyOf(inbox));
        }
    }

    /**
     * Makes the host state that of a snapshot: its subscriptions (others are closed) and exactly its
     * queued messages. Call while the guest is not running.
     */
    public void restore(State state) {
        for (String filter : List.copyOf(subscriptions.keySet())) {
            if (!state.subscriptions().contains(filter)) {
                subscriptions.remove(filter).close();
            }
        }
        for (String filter : state.subscriptions()) {
            if (subscribe(filter) != AbiStatus.OK) {
                throw new IllegalStateException(
                        "the snapshot subscribes to " + filter + ", which this grant does not cover");
            }
        }
        synchronized (inbox) {
            inbox.clear();
            inbox.addAll(state.queued());
        }
    }

    @Override
    public void close() {
        subscriptions.values().forEach(MessageBroker.Subscription::close);
        subscriptions.clear();
    }
}
