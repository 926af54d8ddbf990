package dev.continuum.scheduler.framework;

/**
 * A filter's verdict on one node: fits, or rejected with a summary short and general enough to be
 * counted across nodes ({@code wrong tier}, {@code latency > 10 ms to site factory-3}). The
 * node-specific sentence comes from {@link FilterPlugin#reason}, only when someone will read it.
 *
 * <p>Rejections are usually built once per decision (in pre-filter) and returned for every node,
 * so that filtering allocates nothing; the pipeline counts them by identity first.
 */
public final class FilterResult {

    private static final FilterResult FITS = new FilterResult(null);

    private final String summary;

    private FilterResult(String summary) {
        this.summary = summary;
    }

    public static FilterResult fits() {
        return FITS;
    }

    public static FilterResult rejected(String summary) {
        if (summary == null || summary.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a summary");
        }
        return new FilterResult(summary);
    }

    public boolean isFit() {
        return this == FITS;
    }

    /** Null for {@link #fits()}. */
    public String summary() {
        return summary;
    }

    @Override
    public String toString() {
        return isFit() ? "fits" : "rejected: " + summary;
    }
}
