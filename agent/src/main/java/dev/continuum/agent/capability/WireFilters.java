package dev.continuum.agent.capability;

import dev.continuum.wasm.capability.TopicFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which MQTT filters the node's connection subscribes to for the filters its Instances want.
 *
 * <p>A broker that holds several subscriptions of one client matching a message may send it once
 * per subscription (mosquitto does), so subscribing each wanted filter would deliver a message to
 * {@code sensors/#} and {@code sensors/temp} subscribers twice each. The connection subscribes to a
 * <em>disjoint cover</em> instead: filters that together match every topic any wanted filter
 * matches, no two of which match the same topic; the agent then hands each message to every local
 * subscriber whose own filter matches it, exactly once. Overlapping filters are replaced by their
 * generalisation ({@code a/+/c} and {@code a/b/+} by {@code a/+/+}), which may bring the node
 * messages nobody here wants; they are dropped locally. Pure functions.
 */
public final class WireFilters {
    private WireFilters() {}

    /** A set of pairwise disjoint filters covering every topic that one of {@code wanted} matches. */
    public static Set<String> disjointCover(Collection<String> wanted) {
        var filters = new ArrayList<>(new LinkedHashSet<>(wanted));
        boolean changed = true;
        while (changed) {
            changed = removeCovered(filters);
            outer:
            for (int i = 0; i < filters.size(); i++) {
                for (int j = i + 1; j < filters.size(); j++) {
                    if (overlap(filters.get(i), filters.get(j))) {
                        String general = generalize(filters.get(i), filters.get(j));
                        filters.remove(j);
                        filters.set(i, general);
                        changed = true;
                        break outer;
                    }
                }
            }
        }
        return new LinkedHashSet<>(filters);
    }

    /** Drops every filter another one covers; true when one was dropped. */
    private static boolean removeCovered(List<String> filters) {
        boolean removed = false;
        for (int i = 0; i < filters.size(); i++) {
            for (int j = 0; j < filters.size(); j++) {
                if (i != j && TopicFilter.covers(filters.get(j), filters.get(i))) {
                    filters.remove(i);
                    i = -1;
                    removed = true;
                    break;
                }
            }
        }
        return removed;
    }

    /** True when some topic matches both filters. */
    public static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; ; i++) {
            boolean xDone = i >= x.length;
            boolean yDone = i >= y.length;
            if (xDone || yDone) {
                // "a/#" also matches "a" itself.
                return (xDone && yDone) || (xDone ? y[i] : x[i]).equals("#");
            }
            if (x[i].equals("#") || y[i].equals("#")) {
                return true;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
    }

    /** The most specific filter of the simple shapes that covers both {@code a} and {@code b}. */
    static String generalize(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        var out = new ArrayList<String>();
        for (int i = 0; ; i++) {
            boolean xDone = i >= x.length;
            boolean yDone = i >= y.length;
            if (xDone && yDone) {
                break;
            }
            if (xDone || yDone || x[i].equals("#") || y[i].equals("#")) {
                out.add("#");
                break;
            }
            out.add(x[i].equals(y[i]) ? x[i] : "+");
        }
        return String.join("/", out);
    }
}
