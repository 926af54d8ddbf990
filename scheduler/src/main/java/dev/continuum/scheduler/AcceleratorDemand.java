package dev.continuum.scheduler;

import dev.continuum.model.Accelerator;
import dev.continuum.model.AcceleratorRequest;
import dev.continuum.model.Quantity;
import java.util.List;
import java.util.Locale;

/**
 * One accelerator request in the form nodes are matched against: type, vendor and model compared
 * without case (absent fields match anything), a device count, and the least memory per device.
 * Shared by the filter that checks a node and the cluster state that hands devices to bound
 * instances, so that both agree on what fits.
 */
public final class AcceleratorDemand {

    private static final AcceleratorDemand[] NONE = new AcceleratorDemand[0];

    private final String type;
    private final String vendor;
    private final String model;
    private final int count;
    private final long memoryBytes;

    private AcceleratorDemand(AcceleratorRequest request) {
        this.type = request.type();
        this.vendor = request.vendor();
        this.model = request.model();
        this.count = request.count() == null ? 1 : Math.max(1, request.count());
        this.memoryBytes = request.memory() == null ? 0 : request.memory().longValue();
    }

    public static AcceleratorDemand[] of(List<AcceleratorRequest> requests) {
        if (requests.isEmpty()) {
            return NONE;
        }
        return requests.stream()
                .filter(r -> r != null)
                .map(AcceleratorDemand::new)
                .toArray(AcceleratorDemand[]::new);
    }

    /** Null when any type will do. */
    public String type() {
        return type;
    }

    /**
     * A type folded so that two types are {@link String#equalsIgnoreCase} exactly when their keys
     * are equal, for indexing.
     */
    public static String typeKey(String type) {
        StringBuilder key = new StringBuilder(type.length());
        for (int i = 0; i < type.length(); i++) {
            key.append(Character.toLowerCase(Character.toUpperCase(type.charAt(i))));
        }
        return key.toString();
    }

    public int count() {
        return count;
    }

    /** Whether entry {@code index} of {@code node} is the kind asked for, ignoring how many are free. */
    public boolean matches(NodeInfo node, int index) {
        Accelerator a = node.accelerator(index);
        return same(type, a.type())
                && same(vendor, a.vendor())
                && same(model, a.model())
                && (memoryBytes == 0 || node.acceleratorMemoryBytes(index) >= memoryBytes);
    }

    private static boolean same(String wanted, String offered) {
        return wanted == null || wanted.equalsIgnoreCase(offered);
    }

    /**
     * Hands each demand, in order, the first matching entry of {@code node} with enough free
     * devices. Returns the entry chosen per demand, or null when some demand finds none.
     */
    public static int[] assign(AcceleratorDemand[] demands, NodeInfo node) {
        int[] taken = new int[node.acceleratorCount()];
        int[] chosen = new int[demands.length];
        for (int d = 0; d < demands.length; d++) {
            chosen[d] = -1;
            for (int e = 0; e < node.acceleratorCount(); e++) {
                if (demands[d].matches(node, e) && node.acceleratorsFree(e) - taken[e] >= demands[d].count) {
                    taken[e] += demands[d].count;
                    chosen[d] = e;
                    break;
                }
            }
            if (chosen[d] < 0) {
                return null;
            }
        }
        return chosen;
    }

    /** Whether {@link #assign} would succeed; allocates nothing for the common single demand. */
    public static boolean fits(AcceleratorDemand[] demands, NodeInfo node) {
        if (demands.length == 0) {
            return true;
        }
        if (demands.length == 1) {
            return demands[0].fitsOn(node);
        }
        return assign(demands, node) != null;
    }

    /** Whether some entry of {@code node} matches with at least {@link #count()} free devices. */
    public boolean fitsOn(NodeInfo node) {
        for (int e = 0; e < node.acceleratorCount(); e++) {
            if (matches(node, e) && node.acceleratorsFree(e) >= count) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type == null ? "accelerator" : type.toLowerCase(Locale.ROOT));
        if (vendor != null) {
            b.append(' ').append(vendor);
        }
        if (model != null) {
            b.append(' ').append(model);
        }
        if (count > 1) {
            b.append(" x").append(count);
        }
        if (memoryBytes > 0) {
            b.append(" with ").append(Quantity.ofBytes(memoryBytes));
        }
        return b.toString();
    }
}
