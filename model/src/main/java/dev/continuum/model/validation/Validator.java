package dev.continuum.model.validation;

import dev.continuum.model.AcceleratorRequest;
import dev.continuum.model.Application;
import dev.continuum.model.Capabilities;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentLink;
import dev.continuum.model.ComponentRef;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.LatencyTarget;
import dev.continuum.model.Lease;
import dev.continuum.model.ModuleSigning;
import dev.continuum.model.Namespace;
import dev.continuum.model.NamespaceExport;
import dev.continuum.model.Node;
import dev.continuum.model.ObjectMeta;
import dev.continuum.model.Placement;
import dev.continuum.model.Resource;
import dev.continuum.model.Scaling;
import dev.continuum.model.SpreadConstraint;
import dev.continuum.model.Taint;
import dev.continuum.model.Trigger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a resource beyond its shape and returns every invalid field, empty when valid. Pure and
 * thread-safe. Missing namespaces and other defaulted fields are valid: admission fills them in.
 */
public final class Validator {

    /** {@code sha256:} and 64 lowercase hex digits. */
    public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** {@code ed25519:} and the base64 of 32 bytes. */
    private static final Pattern ED25519_KEY = Pattern.compile("ed25519:[A-Za-z0-9+/]{43}=");

    private static final Set<String> MODULE_SCHEMES = Set.of("file", "https", "http", "oci");
    private static final Set<String> SPREAD_KEYS = Set.of("zone", "site", "region", "tier", "node");
    private static final Set<String> MIGRATION_STRATEGIES = Set.of("none", "restart", "live");

    private final List<FieldError> errors = new ArrayList<>();

    private Validator() {}

    public static List<FieldError> validate(Resource resource) {
        Validator v = new Validator();
        v.metadata(resource);
        switch (resource) {
            case Application a -> v.application(a);
            case Node n -> v.node(n);
            case Instance i -> v.instance(i);
            case Lease l -> v.lease(l);
            case Event e -> v.event(e);
            case Namespace n -> v.namespace(n);
        }
        return List.copyOf(v.errors);
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    private void check(String path, String messageOrNull) {
        if (messageOrNull != null) {
            error(path, messageOrNull);
        }
    }

    private void metadata(Resource r) {
        ObjectMeta m = r.metadata();
        if (m == null) {
            error("metadata", "required (at least metadata.name)");
            return;
        }
        check(
                "metadata.name",
                r instanceof Application || r instanceof Namespace
                        ? Names.checkLabel(m.name())
                        : Names.checkSubdomain(m.name()));
        if (m.namespace() != null) {
            if (!r.resourceKind().namespaced()) {
                error("metadata.namespace", r.kind() + " is cluster-scoped and takes no namespace");
            } else {
                check("metadata.namespace", Names.checkLabel(m.namespace()));
            }
        }
        labels("metadata.labels", m.labels());
    }

    private void labels(String path, Map<String, String> labels) {
        labels.forEach((k, v) -> {
            check(path + "." + k, Names.checkLabelKey(k));
            check(path + "." + k, Names.checkLabelValue(v));
        });
    }

    private void application(Application a) {
        List<Component> components = a.spec().components();
        if (components.isEmpty()) {
            error("spec.components", "an application needs at least one component");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < components.size(); i++) {
            String path = "spec.components[" + i + "]";
            Component c = components.get(i);
            if (c == null) {
                error(path, "empty component");
                continue;
            }
            component(path, c);
            if (c.name() != null && !names.add(c.name())) {
                error(path + ".name", "\"" + c.name() + "\" is used by two components");
            }
        }
        List<ComponentLink> links = a.spec().links();
        for (int i = 0; i < links.size(); i++) {
            String path = "spec.links[" + i + "]";
            ComponentLink l = links.get(i);
            if (l == null) {
                error(path, "empty link");
                continue;
            }
            if (l.from() == null) {
                error(path + ".from", "required");
            } else if (!names.contains(l.from())) {
                error(path + ".from", "no component named \"" + l.from() + "\" in this application");
            }
            if (l.to() == null) {
                error(path + ".to", "required");
            } else if (!l.to().contains("/")) {
                if (!names.contains(l.to())) {
                    error(path + ".to", "no component named \"" + l.to() + "\" in this application");
                }
            } else {
                componentRef(path + ".to", l.to());
            }
            if (l.maxLatencyMs() != null && l.maxLatencyMs() <= 0) {
                error(path + ".maxLatencyMs", "must be more than 0");
            }
        }
    }

    private void component(String path, Component c) {
        check(path + ".name", Names.checkLabel(c.name()));
        if (c.module() == null && c.image() == null) {
            error(path + ".module", "required: a WebAssembly module (file:, https: or oci://) or a container image");
        } else if (c.module() != null && c.image() != null) {
            error(path + ".image", "give either module or image, not both");
        }
        if (c.module() != null) {
            module(path + ".module", c.module());
        }
        if (c.digest() != null && !DIGEST.matcher(c.digest()).matches()) {
            error(path + ".digest", "\"" + c.digest() + "\" is not a digest; expected sha256: and 64 hex digits");
        }
        if (c.typeOrDefault() == ComponentType.FUNCTION && c.module() == null) {
            error(path + ".module", "functions run as WebAssembly modules; give a module");
        }
        if (c.replicas() != null && c.replicas() < 0) {
            error(path + ".replicas", "must be 0 or more");
        }
        if (c.scaling() != null) {
            scaling(path + ".scaling", c.scaling());
        }
        for (int i = 0; i < c.triggers().size(); i++) {
            trigger(path + ".triggers[" + i + "]", c.triggers().get(i), c.typeOrDefault());
        }
        if (c.placement() != null) {
            placement(path + ".placement", c.placement());
        }
        if (c.capabilities() != null) {
            capabilities(path + ".capabilities", c.capabilities());
        }
        for (int i = 0; i < c.args().size(); i++) {
            if (c.args().get(i) == null) {
                error(path + ".args[" + i + "]", "empty argument; quote it (\"\") for an empty string");
            }
        }
        c.env().forEach((k, v) -> {
            if (k.isEmpty() || k.contains("=")) {
                error(path + ".env." + k, "environment variable names may not be empty or contain '='");
            }
            if (v == null) {
                error(path + ".env." + k, "missing value; quote it (\"\") for an empty string");
            }
        });
        if (c.migration() != null
                && c.migration().strategy() != null
                && !MIGRATION_STRATEGIES.contains(c.migration().strategy())) {
            error(
                    path + ".migration.strategy",
                    "\"" + c.migration().strategy() + "\" is not a strategy; expected one of: none, restart, live");
        }
        if (c.disconnect() != null) {
            if (c.disconnect().lostAfter() != null && c.disconnect().lostAfter().isNegative()) {
                error(path + ".disconnect.lostAfter", "must not be negative");
            }
            if (c.disconnect().stopOnNodeAfter() != null
                    && c.disconnect().stopOnNodeAfter().isNegative()) {
                error(path + ".disconnect.stopOnNodeAfter", "must not be negative");
            }
        }
    }

    private void module(String path, String module) {
        URI uri;
        try {
            uri = new URI(module);
        } catch (Exception e) {
            error(path, "\"" + module + "\" is not a URL");
            return;
        }
        if (uri.getScheme() == null || !MODULE_SCHEMES.contains(uri.getScheme())) {
            error(path, "\"" + module + "\" has no supported scheme; use file:, https: or oci://");
        }
    }

    private void scaling(String path, Scaling s) {
        if (s.minReplicas() != null && s.minReplicas() < 0) {
            error(path + ".minReplicas", "must be 0 or more");
        }
        if (s.maxReplicas() != null && s.maxReplicas() < 1) {
            error(path + ".maxReplicas", "must be 1 or more");
        }
        if (s.minReplicas() != null && s.maxReplicas() != null && s.minReplicas() > s.maxReplicas()) {
            error(path + ".minReplicas", "is more than maxReplicas (" + s.maxReplicas() + ")");
        }
        if (s.concurrency() != null && s.concurrency() < 1) {
            error(path + ".concurrency", "must be 1 or more");
        }
    }

    private void trigger(String path, Trigger t, ComponentType type) {
        if (t == null) {
            error(path, "empty trigger");
            return;
        }
        if (t.type() == null) {
            error(path + ".type", "required (http, mqtt or schedule)");
            return;
        }
        if (type != ComponentType.FUNCTION) {
            error(path, "triggers wake functions; this component is a " + type.wireName());
        }
        switch (t.type()) {
            case HTTP -> {
                if (t.path() != null && !t.path().startsWith("/")) {
                    error(path + ".path", "must start with '/'");
                }
            }
            case MQTT -> {
                if (t.topic() == null || t.topic().isBlank()) {
                    error(path + ".topic", "required for an mqtt trigger");
                }
            }
            case SCHEDULE -> {
                if (t.schedule() == null || t.schedule().isBlank()) {
                    error(path + ".schedule", "required for a schedule trigger (cron: \"*/5 * * * *\")");
                }
            }
        }
    }

    private void placement(String path, Placement p) {
        if (p.maxLatencyMs() != null) {
            if (p.maxLatencyMs() <= 0) {
                error(path + ".maxLatencyMs", "must be more than 0");
            }
            if (p.latencyTarget() == null) {
                error(path + ".latencyTarget", "required with maxLatencyMs: a node, site, device or location");
            }
        }
        if (p.latencyTarget() != null) {
            LatencyTarget t = p.latencyTarget();
            long given = java.util.stream.Stream.of(t.node(), t.site(), t.device(), t.location())
                    .filter(Objects::nonNull)
                    .count();
            if (given != 1) {
                error(path + ".latencyTarget", "give exactly one of node, site, device or location");
            }
            if (t.location() != null && !t.location().hasCoordinates()) {
                error(path + ".latencyTarget.location", "needs lat and lon");
            }
        }
        if (p.minBandwidthMbps() != null && p.minBandwidthMbps() <= 0) {
            error(path + ".minBandwidthMbps", "must be more than 0");
        }
        if (p.minBatteryPercent() != null && (p.minBatteryPercent() < 0 || p.minBatteryPercent() > 100)) {
            error(path + ".minBatteryPercent", "must be between 0 and 100");
        }
        for (int i = 0; i < p.spread().size(); i++) {
            SpreadConstraint s = p.spread().get(i);
            String sp = path + ".spread[" + i + "]";
            if (s == null) {
                error(sp, "empty spread constraint");
                continue;
            }
            if (s.by() == null || !SPREAD_KEYS.contains(s.by())) {
                error(
                        sp + ".by",
                        "\"" + s.by() + "\" is not a topology; expected one of: zone, site, region, tier, node");
            }
            if (s.maxSkew() != null && s.maxSkew() < 1) {
                error(sp + ".maxSkew", "must be 1 or more");
            }
        }
        accelerators(path + ".accelerators", p.accelerators());
        accelerators(path + ".preferredAccelerators", p.preferredAccelerators());
        labels(path + ".nodeSelector", p.nodeSelector());
        for (int i = 0; i < p.tolerations().size(); i++) {
            var t = p.tolerations().get(i);
            if (t != null
                    && t.operator() != null
                    && !t.operator().equals("Equal")
                    && !t.operator().equals("Exists")) {
                error(path + ".tolerations[" + i + "].operator", "\"" + t.operator() + "\" is not Equal or Exists");
            }
        }
    }

    private void accelerators(String path, List<AcceleratorRequest> list) {
        for (int i = 0; i < list.size(); i++) {
            AcceleratorRequest a = list.get(i);
            if (a == null) {
                error(path + "[" + i + "]", "empty accelerator");
            } else if (a.count() != null && a.count() < 1) {
                error(path + "[" + i + "].count", "must be 1 or more");
            }
        }
    }

    /** {@code application/component} or {@code namespace/application/component}, each part a DNS label. */
    private void componentRef(String path, String text) {
        var ref = ComponentRef.parse(text, "n", "a");
        if (ref.isEmpty()) {
            error(
                    path,
                    "\"" + text + "\" is not a component: write component, application/component or"
                            + " namespace/application/component");
            return;
        }
        check(path, Names.checkLabel(ref.get().namespace()));
        check(path, Names.checkLabel(ref.get().application()));
        check(path, Names.checkLabel(ref.get().component()));
    }

    private void capabilities(String path, Capabilities c) {
        for (int i = 0; i < c.calls().size(); i++) {
            String call = c.calls().get(i);
            if (call == null || !call.contains("/")) {
                error(
                        path + ".calls[" + i + "]",
                        "\"" + call + "\" is not a function: write application/component or"
                                + " namespace/application/component");
            } else {
                componentRef(path + ".calls[" + i + "]", call);
            }
        }
        if (c.bucket() != null) {
            String[] parts = c.bucket().split("/", -1);
            if (parts.length > 2) {
                error(
                        path + ".bucket",
                        "\"" + c.bucket() + "\" is not a bucket: write application or" + " namespace/application");
            } else {
                for (String part : parts) {
                    check(path + ".bucket", Names.checkLabel(part));
                }
            }
        }
        for (int i = 0; i < c.httpOutbound().size(); i++) {
            String target = c.httpOutbound().get(i);
            String p = path + ".httpOutbound[" + i + "]";
            try {
                URI u = new URI(target);
                if (u.getScheme() == null
                        || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                        || u.getHost() == null
                        || (u.getPath() != null
                                && !u.getPath().isEmpty()
                                && !u.getPath().equals("/"))) {
                    error(p, "\"" + target + "\" is not scheme://host[:port] with scheme http or https");
                }
            } catch (Exception e) {
                error(p, "\"" + target + "\" is not scheme://host[:port]");
            }
        }
    }

    private void node(Node n) {
        if (n.spec().autonomy() != null && n.spec().autonomy().isNegative()) {
            error("spec.autonomy", "must not be negative");
        }
        for (int i = 0; i < n.spec().taints().size(); i++) {
            Taint t = n.spec().taints().get(i);
            if (t == null || t.key() == null || t.key().isEmpty()) {
                error("spec.taints[" + i + "].key", "required");
            } else if (t.effect() == null) {
                error("spec.taints[" + i + "].effect", "required (NoSchedule, PreferNoSchedule or NoExecute)");
            }
        }
        for (int i = 0; i < n.status().links().size(); i++) {
            var link = n.status().links().get(i);
            String path = "status.links[" + i + "]";
            if (link == null) {
                error(path, "empty link");
                continue;
            }
            if (link.to() == null || link.to().isEmpty()) {
                error(path + ".to", "required: the node this link measures");
            }
            if (link.rttMs() != null && link.rttMs() < 0) {
                error(path + ".rttMs", "must not be negative");
            }
            if (link.bandwidthMbps() != null && link.bandwidthMbps() < 0) {
                error(path + ".bandwidthMbps", "must not be negative");
            }
        }
        if (n.status().power() != null && n.status().power().batteryPercent() != null) {
            double b = n.status().power().batteryPercent();
            if (b < 0 || b > 100) {
                error("status.power.batteryPercent", "must be between 0 and 100");
            }
        }
        if (n.spec().parent() != null) {
            check("spec.parent", Names.checkSubdomain(n.spec().parent()));
        }
    }

    private void instance(Instance i) {
        if (i.spec() == null) {
            error("spec", "required");
            return;
        }
        check("spec.application", Names.checkLabel(i.spec().application()));
        check("spec.component", Names.checkLabel(i.spec().component()));
        if (i.spec().template() == null) {
            error("spec.template", "required");
        } else {
            component("spec.template", i.spec().template());
        }
        if (i.spec().epoch() < 0) {
            error("spec.epoch", "must not be negative");
        }
    }

    private void lease(Lease l) {
        if (l.spec() == null) {
            error("spec", "required");
            return;
        }
        if (l.spec().holder() == null || l.spec().holder().isEmpty()) {
            error("spec.holder", "required");
        }
        if (l.spec().duration() == null || !l.spec().duration().isPositive()) {
            error("spec.duration", "required and more than 0");
        }
    }

    private void namespace(Namespace n) {
        ModuleSigning signing = n.spec().moduleSigning();
        if (signing != null) {
            Set<String> keyNames = new HashSet<>();
            for (int i = 0; i < signing.trustedKeys().size(); i++) {
                String path = "spec.moduleSigning.trustedKeys[" + i + "]";
                ModuleSigning.TrustedKey key = signing.trustedKeys().get(i);
                if (key == null) {
                    error(path, "empty key");
                    continue;
                }
                check(path + ".name", Names.checkSubdomain(key.name()));
                if (key.name() != null && !keyNames.add(key.name())) {
                    error(path + ".name", "\"" + key.name() + "\" is used by two keys");
                }
                if (key.publicKey() == null
                        || !ED25519_KEY.matcher(key.publicKey()).matches()) {
                    error(
                            path + ".publicKey",
                            "expected ed25519:<base64 of 32 bytes>, as `continuum key create` writes it");
                }
            }
            if (signing.isRequired() && signing.trustedKeys().isEmpty()) {
                error("spec.moduleSigning.trustedKeys", "signatures are required, so at least one key must be trusted");
            }
        }
        for (int i = 0; i < n.spec().exports().size(); i++) {
            String path = "spec.exports[" + i + "]";
            NamespaceExport x = n.spec().exports().get(i);
            if (x == null) {
                error(path, "empty export");
                continue;
            }
            check(path + ".application", Names.checkLabel(x.application()));
            for (int j = 0; j < x.components().size(); j++) {
                String c = x.components().get(j);
                if (!NamespaceExport.ALL.equals(c)) {
                    check(path + ".components[" + j + "]", Names.checkLabel(c));
                }
            }
            if (x.to().isEmpty()) {
                error(path + ".to", "required: the namespaces that may use it, or \"*\" for all");
            }
            for (int j = 0; j < x.to().size(); j++) {
                String to = x.to().get(j);
                if (!NamespaceExport.ALL.equals(to)) {
                    check(path + ".to[" + j + "]", Names.checkLabel(to));
                }
            }
            if (x.components().isEmpty() && !Boolean.TRUE.equals(x.keyvalue())) {
                error(path, "exports nothing: list components (or \"*\") and/or set keyvalue: true");
            }
        }
    }

    private void event(Event e) {
        if (e.spec() == null) {
            error("spec", "required");
            return;
        }
        if (e.spec().involvedObject() == null) {
            error("spec.involvedObject", "required");
        }
        if (e.spec().reason() == null || e.spec().reason().isEmpty()) {
            error("spec.reason", "required");
        }
    }
}
