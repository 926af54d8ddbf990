package dev.continuum.cli;

import dev.continuum.model.Application;
import dev.continuum.model.ApplicationStatus.ComponentStatus;
import dev.continuum.model.Component;
import dev.continuum.model.Event;
import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Lease;
import dev.continuum.model.Namespace;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Tables for each kind, as {@code continuum get} prints them. */
final class Printers {
    private Printers() {}

    static Table table(Kind kind, List<? extends Resource> items, boolean wide, boolean allNamespaces, Instant now) {
        return switch (kind) {
            case NODE -> nodes(items, wide, now);
            case APPLICATION -> applications(items, allNamespaces, now);
            case INSTANCE -> instances(items, wide, allNamespaces, now);
            case EVENT -> events(items, allNamespaces, now);
            case LEASE -> leases(items, now);
            case NAMESPACE -> namespaces(items, now);
        };
    }

    private static Table nodes(List<? extends Resource> items, boolean wide, Instant now) {
        Table t = wide
                ? new Table("NAME", "STATUS", "TIER", "ARCH", "OS", "CPU", "MEMORY", "SITE", "PARENT", "GATEWAY", "AGE")
                : new Table("NAME", "STATUS", "TIER", "ARCH", "CPU", "MEMORY", "AGE");
        for (Resource r : items) {
            Node n = (Node) r;
            var s = n.status();
            String status = nodeState(n);
            if (Boolean.TRUE.equals(n.spec().unschedulable())) {
                status += ",SchedulingDisabled";
            }
            String tier = n.spec().tier() == null ? "" : n.spec().tier().wireName();
            String arch = s.platform() == null ? "" : s.platform().arch();
            String cpu = s.capacity() == null || s.capacity().cpu() == null
                    ? ""
                    : s.capacity().cpu().toString();
            String mem = s.capacity() == null || s.capacity().memory() == null
                    ? ""
                    : bytes(s.capacity().memory().longValue());
            String age = Ages.since(n.metadata().creationTimestamp(), now);
            if (wide) {
                t.row(
                        n.metadata().name(),
                        status,
                        tier,
                        arch,
                        s.platform() == null ? "" : s.platform().os(),
                        cpu,
                        mem,
                        n.spec().location() == null ? "" : n.spec().location().site(),
                        n.spec().parent(),
                        s.address(NodeAddress.GATEWAY).orElse(""),
                        age);
            } else {
                t.row(n.metadata().name(), status, tier, arch, cpu, mem, age);
            }
        }
        return t;
    }

    private static Table applications(List<? extends Resource> items, boolean allNamespaces, Instant now) {
        Table t = allNamespaces
                ? new Table("NAMESPACE", "NAME", "COMPONENTS", "READY", "AGE")
                : new Table("NAME", "COMPONENTS", "READY", "AGE");
        for (Resource r : items) {
            Application a = (Application) r;
            String components =
                    a.spec().components().stream().map(Component::name).collect(Collectors.joining(","));
            int desired = a.status().components().stream()
                    .mapToInt(ComponentStatus::desired)
                    .sum();
            int running = a.status().components().stream()
                    .mapToInt(ComponentStatus::running)
                    .sum();
            String ready = running + "/" + desired;
            String age = Ages.since(a.metadata().creationTimestamp(), now);
            if (allNamespaces) {
                t.row(a.metadata().namespace(), a.metadata().name(), components, ready, age);
            } else {
                t.row(a.metadata().name(), components, ready, age);
            }
        }
        return t;
    }

    private static Table instances(List<? extends Resource> items, boolean wide, boolean allNamespaces, Instant now) {
        String[] base = {"NAME", "APPLICATION", "COMPONENT", "NODE", "PHASE", "RESTARTS", "AGE"};
        String[] header = base;
        if (allNamespaces) {
            header = prepend("NAMESPACE", header);
        }
        if (wide) {
            header = append(header, "EPOCH", "ADDRESS", "MESSAGE");
        }
        Table t = new Table(header);
        for (Resource r : items) {
            Instance i = (Instance) r;
            var s = i.status();
            String message = s.message() != null
                    ? s.message()
                    : s.scheduling() == null ? "" : s.scheduling().summary();
            java.util.List<Object> row = new java.util.ArrayList<>();
            if (allNamespaces) {
                row.add(i.metadata().namespace());
            }
            row.addAll(List.of(
                    i.metadata().name(),
                    i.spec().application(),
                    i.spec().component(),
                    i.spec().node() == null ? "" : i.spec().node(),
                    s.reason() != null && s.phase().wireName().equals("Failed")
                            ? "Failed (" + s.reason() + ")"
                            : s.phase().wireName(),
                    s.restarts(),
                    Ages.since(i.metadata().creationTimestamp(), now)));
            if (wide) {
                row.add(i.spec().epoch());
                row.add(s.address() == null ? "" : s.address());
                row.add(message == null ? "" : message);
            }
            t.row(row.toArray());
        }
        return t;
    }

    private static Table events(List<? extends Resource> items, boolean allNamespaces, Instant now) {
        Table t = allNamespaces
                ? new Table("NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")
                : new Table("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        List<Event> sorted = items.stream()
                .map(Event.class::cast)
                .sorted(java.util.Comparator.comparing(
                        (Event e) -> e.spec().lastTimestamp(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
        for (Event e : sorted) {
            var s = e.spec();
            String object = s.involvedObject() == null
                    ? ""
                    : s.involvedObject().kind().toLowerCase(java.util.Locale.ROOT) + "/"
                            + s.involvedObject().name();
            String seen = Ages.since(s.lastTimestamp(), now) + (s.count() > 1 ? " (x" + s.count() + ")" : "");
            String type = s.type() == null ? "" : s.type().wireName();
            if (allNamespaces) {
                t.row(e.metadata().namespace(), seen, type, s.reason(), object, s.message());
            } else {
                t.row(seen, type, s.reason(), object, s.message());
            }
        }
        return t;
    }

    private static Table leases(List<? extends Resource> items, Instant now) {
        Table t = new Table("NAME", "HOLDER", "RENEWED", "DURATION", "EXPIRED");
        for (Resource r : items) {
            Lease l = (Lease) r;
            var s = l.spec();
            t.row(
                    l.metadata().name(),
                    s.holder(),
                    Ages.since(s.renewTime(), now) + " ago",
                    s.duration() == null ? "" : dev.continuum.model.DurationText.format(s.duration()),
                    s.expiredAt(now) ? "yes" : "no");
        }
        return t;
    }

    private static Table namespaces(List<? extends Resource> items, Instant now) {
        Table t = new Table("NAME", "SIGNATURES", "TRUSTED-KEYS", "EXPORTS", "AGE");
        for (Resource r : items) {
            Namespace n = (Namespace) r;
            var signing = n.spec().moduleSigningOrNone();
            t.row(
                    n.metadata().name(),
                    signing.isRequired() ? "required" : "optional",
                    signing.trustedKeys().stream()
                            .map(k -> k == null ? "" : k.name())
                            .collect(Collectors.joining(",")),
                    n.spec().exports().stream()
                            .map(x -> x == null ? "" : x.application() + "->" + String.join(",", x.to()))
                            .collect(Collectors.joining(" ")),
                    Ages.since(n.metadata().creationTimestamp(), now));
        }
        return t;
    }

    /** Ready, Unreachable, Lost, or NotReady (for any other reason the Ready condition gives). */
    static String nodeState(Node n) {
        if (n.isReady()) {
            return "Ready";
        }
        String reason = n.readyCondition().map(c -> c.reason()).orElse("");
        return switch (reason) {
            case "NodeUnreachable" -> "Unreachable";
            case "NodeLost" -> "Lost";
            default -> "NotReady";
        };
    }

    /** Memory for people: 512Mi, 23.5Gi. */
    static String bytes(long n) {
        String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
        double v = n;
        String unit = "";
        for (String u : units) {
            if (v < 1024) {
                break;
            }
            v /= 1024;
            unit = u;
        }
        return (v >= 10 || v == Math.floor(v)
                        ? String.valueOf(Math.round(v))
                        : String.format(java.util.Locale.ROOT, "%.1f", v))
                + unit;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String[] append(String[] first, String... more) {
        String[] out = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
    }
}
