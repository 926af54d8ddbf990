package dev.continuum.bench.autonomy;

/** A JVM that does nothing: the baseline of the agent's memory. */
public final class Idle {
    private Idle() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
