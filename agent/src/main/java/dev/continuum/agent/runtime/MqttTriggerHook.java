package dev.continuum.agent.runtime;

import dev.continuum.agent.capability.NamespacedBroker;
import dev.continuum.agent.capability.WireFilters;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import dev.continuum.wasm.capability.MessageBroker;
import dev.continuum.wasm.capability.TopicFilter;
import dev.continuum.wasm.wagi.WagiRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT triggers: while a function with {@code triggers: [{type: mqtt, topic: FILTER}]} has a Running
 * copy on this node, every message on {@code FILTER} of its namespace
 * ({@code continuum/<namespace>/FILTER} on the wire) runs the function once on this node, through
 * WAGI, as a {@code POST} whose body is the payload and whose {@value #TOPIC_HEADER} header (the
 * guest's {@code HTTP_CONTINUUM_MQTT_TOPIC}) is the topic without the namespace prefix. Its stdout
 * and stderr go to the Instance's log, with an {@code agent} line {@code mqtt <topic> -> <status>}.
 *
 * <p>Per function (namespace, application, component) on this node, whatever the number of local
 * copies: one set of subscriptions (the union of the copies' trigger filters, as a disjoint cover,
 * so a message matching two of them runs it once), one queue of at most {@value #QUEUE} messages
 * (beyond that the newest are dropped and counted in the log) and one worker (a virtual thread), so
 * messages run in the order they arrived, each on one of the local copies in turn. Every node that
 * runs a copy runs the function for each message. Thread-safe.
 */
public final class MqttTriggerHook extends FunctionTriggerHook<MqttTriggerHook.RouteTriggers> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttTriggerHook.class);
    /** The request header that carries the message's topic. */
    public static final String TOPIC_HEADER = "Continuum-Mqtt-Topic";
    /** Messages waiting to run, per function, at most. */
    static final int QUEUE = 1000;

    private final MessageBroker broker;
    private final LocalFunctions functions;

    private record Message(String topic, byte[] payload) {}

    /** @param broker the node's MQTT connection, or null (functions with mqtt triggers then fail with NoBroker) */
    public MqttTriggerHook(MessageBroker broker, LocalFunctions functions) {
        this.broker = broker;
        this.functions = functions;
    }

    @Override
    public String name() {
        return "mqtt-triggers";
    }

    /** The mqtt trigger filters of a context's component. */
    @Override
    List<String> values(InstanceContext context) {
        return FunctionRoute.triggerValues(context, TriggerType.MQTT, Trigger::topic);
    }

    @Override
    boolean enabled() {
        return broker != null;
    }

    @Override
    RouteTriggers triggers(FunctionRoute route) {
        return new RouteTriggers(route);
    }

    @Override
    String describe(List<String> values) {
        return "runs on MQTT messages of " + String.join(", ", values);
    }

    /** The triggers of one function on this node. Guarded by the hook's monitor, except the queue. */
    final class RouteTriggers extends Triggers {
        private final List<MessageBroker.Subscription> subscriptions = new ArrayList<>();
        private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
        private final Thread worker;
        private List<String> filters = List.of();
        private long dropped;

        RouteTriggers(FunctionRoute route) {
            super(route);
            this.worker = Thread.ofVirtual()
                    .name("mqtt triggers " + route.scriptName())
                    .start(this::work);
        }

        @Override
        void changed() {
            var wanted = new LinkedHashSet<String>();
            copies.values().forEach(wanted::addAll);
            if (List.copyOf(wanted).equals(filters)) {
                return;
            }
            var namespaced = new NamespacedBroker(broker, route.namespace());
            var fresh = new ArrayList<MessageBroker.Subscription>();
            List<String> exact = List.copyOf(wanted);
            for (String filter : WireFilters.disjointCover(exact)) {
                fresh.add(namespaced.subscribe(filter, (topic, payload) -> offer(exact, topic, payload)));
            }
            subscriptions.forEach(MessageBroker.Subscription::close);
            subscriptions.clear();
            subscriptions.addAll(fresh);
            filters = exact;
        }

        private void offer(List<String> exact, String topic, byte[] payload) {
            if (exact.stream().noneMatch(f -> TopicFilter.matches(f, topic))) {
                return; // the cover is broader than what the function listens to
            }
            if (!queue.offer(new Message(topic, payload))) {
                synchronized (this) {
                    dropped++;
                    if (dropped == 1 || dropped % 100 == 0) {
                        LOG.warn("{}: {} MQTT messages dropped, the function is behind", route.scriptName(), dropped);
                    }
                }
            }
        }

        private void work() {
            try {
                while (true) {
                    Message message = queue.take();
                    run(message);
                }
            } catch (InterruptedException e) {
                // ended
            }
        }

        private void run(Message message) {
            LocalFunctions.Target target = functions.pick(route.namespace(), route.application(), route.component());
            if (target == null) {
                return; // stopping: the last copy left the gateway's table first
            }
            var request = new WagiRequest(
                    "POST",
                    route.scriptName(),
                    "",
                    "",
                    Map.of("Content-Type", List.of("application/octet-stream"), TOPIC_HEADER, List.of(message.topic())),
                    message.payload(),
                    "",
                    null,
                    0);
            try {
                target.runForEvent(request, "mqtt " + message.topic());
            } catch (RuntimeException e) {
                // One message must not end the worker: log it and go on with the next.
                LOG.error("running {} for an MQTT message of {} failed", route.scriptName(), message.topic(), e);
            }
        }

        @Override
        void end() {
            subscriptions.forEach(MessageBroker.Subscription::close);
            subscriptions.clear();
            worker.interrupt();
        }
    }
}
