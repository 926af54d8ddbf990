package dev.continuum.agent.capability;

import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.model.Capabilities.Messaging;
import dev.continuum.model.Component;
import dev.continuum.model.Trigger;
import dev.continuum.model.TriggerType;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.Capability;
import dev.continuum.wasm.capability.HttpAllowList;
import dev.continuum.wasm.capability.KeyValueStore.KeyValueException;
import dev.continuum.wasm.capability.MessageBroker;

/**
 * Makes a component's {@code capabilities} (the manifest's, as the Instance carries them) into the
 * engine's grant on this node, deny by default:
 *
 * <pre>
 *   log: true              -> lines of the Instance's log, stream "log"    ({@link InstanceLogSink})
 *   keyvalue: true         -> bucket &lt;namespace&gt;/&lt;application&gt; in the node's SQLite ({@link KeyValueBuckets})
 *     bucket: app | ns/app -> that bucket instead (admission checked another namespace's export)
 *   httpOutbound: [...]    -> HttpAllowList.of(entries)
 *   messaging: {publish, subscribe}
 *                          -> the node's broker under continuum/&lt;namespace&gt;/ ({@link NamespacedBroker})
 *   config: {k: v}         -> the values
 * </pre>
 *
 * An empty list or map grants nothing, as an absent one. Thread-safe.
 */
public final class CapabilityGrants {

    /** A component needs the node's MQTT broker (it imports messaging functions, or has an mqtt trigger) and there is none. */
    public static final String NO_BROKER = "NoBroker";
    /** The grant itself cannot be used (an http-outbound entry the engine refuses). */
    public static final String INVALID_GRANT = "InvalidGrant";
    /** The node's key-value store cannot be opened. */
    public static final String KEYVALUE_UNAVAILABLE = "KeyValueUnavailable";

    private final KeyValueBuckets buckets;
    private final MessageBroker broker;
    private final String nodeName;

    /**
     * @param broker the node's MQTT connection, or null when the agent was given none
     * @param nodeName this node, for messages
     */
    public CapabilityGrants(KeyValueBuckets buckets, MessageBroker broker, String nodeName) {
        this.buckets = buckets;
        this.broker = broker;
        this.nodeName = nodeName;
    }

    /** Whether the node has a broker for messaging and MQTT triggers. */
    public boolean hasBroker() {
        return broker != null;
    }

    /**
     * The grant of {@code component} of {@code application} in {@code namespace}, whose module is
     * {@code module} (to tell whether it needs what this node lacks) and whose log is {@code log}.
     */
    public GrantResult grant(
            String namespace, String application, Component component, InstanceLog log, LoadedModule module) {
        var wanted = component.capabilities();
        var grant = Capabilities.none();
        String where =
                "component " + component.name() + " of application " + application + " (namespace " + namespace + ")";
        if (broker == null) {
            String needs = needsBroker(component, module);
            if (needs != null) {
                return new GrantResult.Refused(
                        NO_BROKER,
                        where + " " + needs + ", but node " + nodeName + " has no MQTT broker; start its agent with"
                                + " --mqtt-broker mqtt://HOST:1883 (or mqttBroker: in its config file)",
                        false);
            }
        }
        if (wanted == null) {
            return new GrantResult.Granted(grant);
        }
        if (Boolean.TRUE.equals(wanted.log())) {
            grant = grant.withLog(new InstanceLogSink(log));
        }
        if (Boolean.TRUE.equals(wanted.keyvalue()) || wanted.bucket() != null) {
            try {
                grant = grant.withKeyValue(
                        buckets.store(), KeyValueBuckets.bucketOf(namespace, application, wanted.bucket()));
            } catch (KeyValueException e) {
                return new GrantResult.Refused(
                        KEYVALUE_UNAVAILABLE,
                        where + " is granted keyvalue, but node " + nodeName + " cannot open its key-value store: "
                                + e.getMessage(),
                        true);
            }
        }
        if (!wanted.httpOutbound().isEmpty()) {
            try {
                grant = grant.withHttpOutbound(HttpAllowList.of(wanted.httpOutbound()));
            } catch (IllegalArgumentException e) {
                return new GrantResult.Refused(
                        INVALID_GRANT, where + ": capabilities.httpOutbound: " + e.getMessage(), false);
            }
        }
        Messaging messaging = wanted.messaging();
        if (messaging != null && broker != null) {
            grant = grant.withMessaging(
                    new NamespacedBroker(broker, namespace), messaging.publish(), messaging.subscribe());
        }
        if (!wanted.config().isEmpty()) {
            grant = grant.withConfig(wanted.config());
        }
        return new GrantResult.Granted(grant);
    }

    /** What the component needs a broker for, or null when it does not. */
    private static String needsBroker(Component component, LoadedModule module) {
        for (Trigger trigger : component.triggers()) {
            if (trigger != null && trigger.type() == TriggerType.MQTT) {
                return "has an mqtt trigger (topic " + trigger.topic() + ")";
            }
        }
        boolean granted =
                component.capabilities() != null && component.capabilities().messaging() != null;
        boolean imports = module.imports().stream()
                .anyMatch(i -> i.module().equals(Capability.MODULE)
                        && Capability.ofFunction(i.name()).orElse(null) == Capability.MESSAGING);
        return granted && imports ? "is granted messaging and its module imports it" : null;
    }
}
