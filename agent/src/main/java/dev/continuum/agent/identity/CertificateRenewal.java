package dev.continuum.agent.identity;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.security.KeyPairs;
import dev.continuum.security.NodeCertificateRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this node's certificate before it expires, on a thread of its own: two thirds into its
 * life (at once when it lacks a host name the gateway now answers at) it asks for a new one for a
 * new key, authenticated by the current one, stores it, and tells the clients to open new
 * connections with it.
 *
 * <pre>
 *   wait until renewAt ──▶ POST /api/v1/renew ──ok──▶ store, update keys, reconnect ──▶ wait...
 *                                  │ failed
 *                                  └──▶ retry in a tenth of what is left (10 s to 5 min)
 *   expired: renewal cannot succeed any more (the control plane refuses expired certificates);
 *            logged as an error with what to do, every 10 min
 * </pre>
 *
 * What keeps running when the certificate expires offline: everything local (Instances, restarts,
 * the gateway for local functions, logs); what stops: every call to the control plane and to
 * other gateways, until the node joins again with a new bootstrap token. Close to stop.
 */
public final class CertificateRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
    private static final Duration MIN_RETRY = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final Duration EXPIRED_REMINDER = Duration.ofMinutes(10);

    private final NodeIdentity identity;
    private final ContinuumClient client;
    private final Path dataDir;
    private final List<String> names;
    private final Clock clock;
    private final Runnable renewed;
    private final Thread thread;
    private boolean renewNow;
    private boolean closed;
    private int renewals;

    /**
     * @param client a client that presents {@code identity}'s certificate
     * @param names the host names and addresses the certificate must name
     * @param renewed run after each renewal (reconnect the clients)
     */
    public CertificateRenewal(
            NodeIdentity identity,
            ContinuumClient client,
            Path dataDir,
            List<String> names,
            Clock clock,
            Runnable renewed) {
        this.identity = identity;
        this.client = client;
        this.dataDir = dataDir;
        this.names = List.copyOf(names);
        this.clock = clock;
        this.renewed = renewed;
        this.renewNow = CertificateEnrollment.lacksNames(identity, names);
        this.thread = Thread.ofPlatform()
                .name("certificate-renewal-" + identity.nodeName())
                .daemon()
                .unstarted(this::run);
    }

    public CertificateRenewal start() {
        thread.start();
        return this;
    }

    /** How many renewals succeeded so far. */
    public synchronized int renewals() {
        return renewals;
    }

    private void run() {
        Instant nextTry = renewNow ? clock.instant() : identity.renewAt();
        Instant nextReminder = Instant.MIN;
        while (waitUntil(nextTry)) {
            Instant now = clock.instant();
            if (identity.notAfter().isBefore(now)) {
                if (!now.isBefore(nextReminder)) {
                    LOG.error(
                            "the certificate of node {} expired at {}: the control plane and other gateways refuse"
                                    + " it, so this node is cut off (its Instances keep running). Get a new bootstrap token"
                                    + " (continuum token create) and restart the agent with --token",
                            identity.nodeName(),
                            identity.notAfter());
                    nextReminder = now.plus(EXPIRED_REMINDER);
                }
                nextTry = now.plus(MAX_RETRY);
                continue;
            }
            try {
                renew();
                nextTry = identity.renewAt();
            } catch (ApiException | IOException e) {
                Duration left = Duration.between(now, identity.notAfter());
                Duration retry = clamp(left.dividedBy(10));
                LOG.warn(
                        "renewing the certificate of node {} failed ({}); it is valid until {}, retrying in {} s",
                        identity.nodeName(),
                        e.getMessage(),
                        identity.notAfter(),
                        retry.toSeconds());
                nextTry = now.plus(retry);
            }
        }
    }

    private void renew() throws IOException {
        KeyPair keys = KeyPairs.ecP256();
        String csr = NodeCertificateRequest.create(keys, identity.nodeName(), names);
        JoinResponse answer = client.renew(csr);
        var settings = new CertificateEnrollment.Settings(
                client.server(), identity.nodeName(), null, null, null, dataDir, names, clock);
        identity.update(CertificateEnrollment.issued(answer, keys, identity.ca(), settings));
        identity.write(dataDir);
        synchronized (this) {
            renewals++;
        }
        renewed.run();
        LOG.info("renewed the certificate of node {}: valid until {}", identity.nodeName(), identity.notAfter());
    }

    private static Duration clamp(Duration d) {
        if (d.compareTo(MIN_RETRY) < 0) {
            return MIN_RETRY;
        }
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /** Waits until {@code when}; false when closed meanwhile. */
    private synchronized boolean waitUntil(Instant when) {
        while (!closed) {
            long millis = Duration.between(clock.instant(), when).toMillis();
            if (millis <= 0) {
                return true;
            }
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CertificateRenewal[" + identity.nodeName() + "]";
    }
}
