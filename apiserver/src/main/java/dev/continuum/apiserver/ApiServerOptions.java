package dev.continuum.apiserver;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
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
 * <p>The defaults serve plain HTTP and enforce no access rules (every caller may do everything),
 * which suits tests and embedding; the control plane always turns on TLS ({@link #withTls}, unless
 * it runs {@code --insecure}), access rules ({@link #withAccessRules}) and the audit log.
 *
 * @param host the address to listen on ({@code 127.0.0.1} by default: reachable from this machine only)
 * @param port the port (7070 by default); 0 picks a free one, see {@link ApiServer#port()}
 * @param bootstrapTokens accepts further bootstrap tokens, reusable, besides the single-use ones of
 *     {@code /api/v1/bootstraptokens}; by default none (tests use it)
 * @param extensions add routes, in order, before the built-in ones
 * @param clock stamps issued credentials and decides what has expired
 * @param bookmarkInterval the longest a watch stream stays silent: a {@code BOOKMARK} line is sent
 *     when nothing else was
 * @param staticSite classpath files to serve at {@code /}, or null for none
 * @param meterRegistry where the server's metrics go and what {@code /metrics} shows; null for a
 *     registry of the server's own
 * @param tls HTTPS with the cluster CA, or null for plain HTTP
 * @param accessRules whether {@link Authorization} is enforced
 * @param auditLog the JSON-lines file of mutating requests, or null for none
 */
public record ApiServerOptions(
        String host,
        int port,
        Predicate<String> bootstrapTokens,
        List<ApiExtension> extensions,
        Clock clock,
        Duration bookmarkInterval,
        StaticSite staticSite,
        PrometheusMeterRegistry meterRegistry,
        ApiTls tls,
        boolean accessRules,
        Path auditLog) {

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

    /**
     * 127.0.0.1:7070 over plain HTTP, no access rules, no bootstrap token besides those created
     * through the API, no extensions, the system clock, bookmarks every 10 s, no audit log.
     */
    public static ApiServerOptions defaults() {
        return new ApiServerOptions(
                DEFAULT_HOST,
                DEFAULT_PORT,
                token -> false,
                List.of(),
                Clock.systemUTC(),
                DEFAULT_BOOKMARK_INTERVAL,
                null,
                null,
                null,
                false,
                null);
    }

    public ApiServerOptions withHost(String value) {
        return new ApiServerOptions(
                value,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    public ApiServerOptions withPort(int value) {
        return new ApiServerOptions(
                host,
                value,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    /**
     * Also accepts, any number of times, exactly the tokens {@code value} accepts (asked on every
     * join, so it may change). For tests and embedding: the control plane's tokens are single-use.
     */
    public ApiServerOptions withBootstrapTokens(Predicate<String> value) {
        return new ApiServerOptions(
                host,
                port,
                value,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    /** These options with one more extension, registered after those already given. */
    public ApiServerOptions withExtension(ApiExtension value) {
        List<ApiExtension> all = new ArrayList<>(extensions);
        all.add(Objects.requireNonNull(value, "extension"));
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                all,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    public ApiServerOptions withClock(Clock value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                value,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    public ApiServerOptions withBookmarkInterval(Duration value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                value,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    public ApiServerOptions withStaticSite(StaticSite value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                value,
                meterRegistry,
                tls,
                accessRules,
                auditLog);
    }

    public ApiServerOptions withMeterRegistry(PrometheusMeterRegistry value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                value,
                tls,
                accessRules,
                auditLog);
    }

    /** Serves HTTPS with this CA and server certificate; null serves plain HTTP. */
    public ApiServerOptions withTls(ApiTls value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                value,
                accessRules,
                auditLog);
    }

    /** Enforces who may do what ({@link Authorization}); the control plane always does. */
    public ApiServerOptions withAccessRules(boolean value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                value,
                auditLog);
    }

    /** Appends every mutating request to {@code value} as a JSON line; null for none. */
    public ApiServerOptions withAuditLog(Path value) {
        return new ApiServerOptions(
                host,
                port,
                bootstrapTokens,
                extensions,
                clock,
                bookmarkInterval,
                staticSite,
                meterRegistry,
                tls,
                accessRules,
                value);
    }
}
