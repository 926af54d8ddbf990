package dev.continuum.apiserver;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The server's metrics, in Prometheus names:
 *
 * <ul>
 *   <li>{@code continuum_api_requests_seconds{method,route,status}} (count, sum, max): every request,
 *       by route pattern (never the raw path, whose names would explode the series); watches are
 *       counted with method {@code WATCH} and last as long as their stream;
 *   <li>{@code continuum_api_watch_streams}: watch and log streams open now;
 *   <li>{@code continuum_store_revision}: the store's latest revision.
 * </ul>
 */
final class ApiMetrics {

    /** Request attributes: the route pattern that answered, and the verb when it is not the method. */
    static final String ROUTE = "continuum.route";

    static final String VERB = "continuum.verb";

    private final PrometheusMeterRegistry registry;

    ApiMetrics(PrometheusMeterRegistry registry, LongSupplier openStreams, LongSupplier storeRevision) {
        this.registry = registry == null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry;
        Gauge.builder("continuum.api.watch.streams", openStreams, s -> (double) s.getAsLong())
                .description("watch and log streams open now")
                .strongReference(true)
                .register(this.registry);
        Gauge.builder("continuum.store.revision", storeRevision, s -> (double) s.getAsLong())
                .description("the store's latest revision")
                .strongReference(true)
                .register(this.registry);
    }

    void request(String method, String route, int status, Duration elapsed) {
        Timer.builder("continuum.api.requests")
                .description("API requests by method, route pattern and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(elapsed);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    String scrape() {
        return registry.scrape();
    }
}
