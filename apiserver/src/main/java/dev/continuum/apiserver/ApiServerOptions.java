package dev.continuum.apiserver;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How an {@link ApiServer} runs. Start from {@link #defaults()} and change what differs with the
 * {@code with*} methods.
 *
 * @param host the address to listen on ({@code 127.0.0.1} by default: reachable from this machine only)
 * @param port the port (7070 by default); 0 picks a free one, see {@link ApiServer#port()}
 * @param bootstrapTokens accepts the bootstrap tokens nodes may join with; by default none
 * @param extensions add routes, in order, before the built-in ones
 * @param clock stamps issued credentials
 * @param bookmarkInterval the longest a watch stream stays silent: a {@code BOOKMARK} line is sent
 *     when nothing else was
 * @param staticSite classpath files to serve at {@code /}, or null for none
 * @param meterRegistry where the server's metrics go and what {@code /metrics} shows; null for a
 *     registry of the server's own
 */
public record ApiServerOptions(
        String host,
        int port,
        Predicate<String> bootstrapTokens,
        List<ApiExtension> extensions,
        Clock clock,
        Duration bookmarkInterval,
        StaticSite staticSite,
        PrometheusMeterRegistry meterRegistry) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;
    public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofSeconds(10);

    public ApiServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bootstrapTokens, "bootstrapTokens");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bookmarkInterval, "bookmarkInterval");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        if (bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
            throw new IllegalArgumentException("bookmarkInterval must be positive, not " + bookmarkInterval);
        }
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    /** 127.0.0.1:7070, no bootstrap token accepted, no extensions, the system clock, bookmarks every 10 s. */
    public static ApiServerOptions defaults() {
        return new ApiServerOptions(
                DEFAULT_HOST,
                DEFAULT_PORT,
                token -> false,
                List.of(),
                Clock.systemUTC(),
                DEFAULT_BOOKMARK_INTERVAL,
                null,
                null);
    }

    public ApiServerOptions withHost(String value) {
        return new ApiServerOptions(
                value, port, bootstrapTokens, extensions, clock, bookmarkInterval, staticSite, meterRegistry);
    }

    public ApiServerOptions withPort(int value) {
        return new ApiServerOptions(
                host, value, bootstrapTokens, extensions, clock, bookmarkInterval, staticSite, meterRegistry);
    }

    /** Accepts exactly the tokens {@code value} accepts; it is asked on every join, so it may change. */
    public ApiServerOptions withBootstrapTokens(Predicate<String> value) {
        return new ApiServerOptions(host, port, value, extensions, clock, bookmarkInterval, staticSite, meterRegistry);
    }

    /** These options with one more extension, registered after those already given. */
    public ApiServerOptions withExtension(ApiExtension value) {
        List<ApiExtension> all = new ArrayList<>(extensions);
        all.add(Objects.requireNonNull(value, "extension"));
        return new ApiServerOptions(
                host, port, bootstrapTokens, all, clock, bookmarkInterval, staticSite, meterRegistry);
    }

    public ApiServerOptions withClock(Clock value) {
        return new ApiServerOptions(
                host, port, bootstrapTokens, extensions, value, bookmarkInterval, staticSite, meterRegistry);
    }

    public ApiServerOptions withBookmarkInterval(Duration value) {
        return new ApiServerOptions(host, port, bootstrapTokens, extensions, clock, value, staticSite, meterRegistry);
    }

    public ApiServerOptions withStaticSite(StaticSite value) {
        return new ApiServerOptions(
                host, port, bootstrapTokens, extensions, clock, bookmarkInterval, value, meterRegistry);
    }

    public ApiServerOptions withMeterRegistry(PrometheusMeterRegistry value) {
        return new ApiServerOptions(
                host, port, bootstrapTokens, extensions, clock, bookmarkInterval, staticSite, value);
    }
}
