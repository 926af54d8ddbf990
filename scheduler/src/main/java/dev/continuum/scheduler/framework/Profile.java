package dev.continuum.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named scheduler configuration, chosen per component ({@code Component.profile}): the plugins
 * that pre-filter and filter, in the order they run; the scorers with their weights; what to do
 * when nothing fits; and how many fitting nodes to rank.
 *
 * <p>Immutable and safe to share.
 */
public final class Profile {

    private final String name;
    private final List<Plugin> filters;
    private final List<ScorePlugin> scorers;
    private final double[] weights;
    private final PostFilterPlugin postFilter;
    private final Sampling sampling;

    private Profile(Builder b) {
        this.name = b.name;
        this.filters = List.copyOf(b.filters);
        this.scorers = List.copyOf(b.scorers);
        this.weights = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
        this.postFilter = b.postFilter;
        this.sampling = b.sampling;
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Plugins with a pre-filter, a filter or both, in the order they run. */
    public List<Plugin> filters() {
        return filters;
    }

    public List<ScorePlugin> scorers() {
        return scorers;
    }

    public double weight(int scorer) {
        return weights[scorer];
    }

    /** Null when the profile never preempts. */
    public PostFilterPlugin postFilter() {
        return postFilter;
    }

    public Sampling sampling() {
        return sampling;
    }

    @Override
    public String toString() {
        return "Profile[" + name + "]";
    }

    /** Collects a profile's plugins in order. */
    public static final class Builder {
        private final String name;
        private final List<Plugin> filters = new ArrayList<>();
        private final List<ScorePlugin> scorers = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();
        private PostFilterPlugin postFilter;
        private Sampling sampling = Sampling.adaptive(50, 200);

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a plugin's pre-filter and filter, run after those added before it. */
        public Builder filter(Plugin plugin) {
            if (!(plugin instanceof PreFilterPlugin) && !(plugin instanceof FilterPlugin)) {
                throw new IllegalArgumentException(plugin.name() + " has neither a pre-filter nor a filter");
            }
            filters.add(plugin);
            return this;
        }

        /** Adds a scorer; its 0–100 score counts {@code weight} times in the weighted mean. */
        public Builder score(ScorePlugin plugin, double weight) {
            if (!(weight > 0)) {
                throw new IllegalArgumentException(plugin.name() + ": weight must be more than 0");
            }
            scorers.add(plugin);
            weights.add(weight);
            return this;
        }

        public Builder postFilter(PostFilterPlugin plugin) {
            this.postFilter = plugin;
            return this;
        }

        public Builder sampling(Sampling value) {
            this.sampling = Objects.requireNonNull(value);
            return this;
        }

        public Profile build() {
            return new Profile(this);
        }
    }
}
