package dev.continuum.controller.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Predictable ids for generated names: {@code aaaa1}, {@code aaaa2}, ... (five lowercase alnum each). */
public final class Sequence implements Supplier<String> {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    public Sequence(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String get() {
        String n = Integer.toString(next.incrementAndGet(), 36);
        String padded = "0".repeat(Math.max(0, 5 - prefix.length() - n.length()));
        return prefix + padded + n;
    }
}
