package dev.continuum.scheduler;

/**
 * Builds a {@link NodeSet} for one decision, e.g. the nodes a pre-filter found near a latency
 * target. Sets from a view's indexes are not built this way; they belong to the view.
 */
public final class NodeSetBuilder {

    private NodeSet set = new NodeSet();

    public NodeSetBuilder add(int slot) {
        set.add(slot);
        return this;
    }

    /** Adds every node of {@code other}. */
    public NodeSetBuilder addAll(NodeSet other) {
        set.or(other);
        return this;
    }

    /** The set; the builder must not be used afterwards. */
    public NodeSet build() {
        NodeSet built = set;
        set = null;
        return built;
    }
}
