package dev.continuum.apiserver;

import dev.continuum.store.KeyValue;
import dev.continuum.store.StateStore;
import dev.continuum.store.WriteResult;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * Which certificates of each node are good, by serial number, kept outside {@code /registry/}:
 *
 * <pre>
 *   /credentials/nodecerts/{node}   {"node","serial","notAfter","previousSerial","previousNotAfter"}
 * </pre>
 *
 * Joining (with a bootstrap token) makes the new certificate the only good one, so a node that
 * joins again under the same name shuts out whoever held its old certificate. Renewing keeps the
 * previous certificate good until it expires, so that connections opened with it finish their work.
 * Revoking forgets both. A certificate the CA signed but that is not recorded here authenticates
 * nothing. Thread-safe.
 */
final class NodeCertificates {

    static final String PREFIX = "/credentials/nodecerts/";

    /** The stored form. */
    record Entry(String node, String serial, Instant notAfter, String previousSerial, Instant previousNotAfter) {}

    private final StateStore store;

    NodeCertificates(StateStore store) {
        this.store = store;
    }

    /** {@code certificate} becomes {@code node}'s only good certificate. */
    void replace(String node, X509Certificate certificate) {
        write(node, current -> new Entry(node, serial(certificate), notAfter(certificate), null, null));
    }

    /** {@code certificate} becomes {@code node}'s current certificate; the one it replaces stays good until it expires. */
    void renew(String node, X509Certificate certificate) {
        write(
                node,
                current -> current == null
                        ? new Entry(node, serial(certificate), notAfter(certificate), null, null)
                        : new Entry(
                                node,
                                serial(certificate),
                                notAfter(certificate),
                                current.serial(),
                                current.notAfter()));
    }

    /** Forgets every certificate of {@code node}; true when it had one. */
    boolean revoke(String node) {
        Optional<KeyValue> kv = store.get(PREFIX + node);
        kv.ifPresent(v -> store.delete(PREFIX + node, v.modRevision()));
        return kv.isPresent();
    }

    /** Whether {@code certificate} is a good certificate of {@code node} at {@code now}. */
    boolean accepts(String node, X509Certificate certificate, Instant now) {
        if (certificate.getNotAfter().toInstant().isBefore(now)
                || certificate.getNotBefore().toInstant().isAfter(now)) {
            return false;
        }
        String serial = serial(certificate);
        return store.get(PREFIX + node)
                .map(kv -> StoredRecords.decode(kv, Entry.class))
                .map(e -> serial.equals(e.serial()) || serial.equals(e.previousSerial()))
                .orElse(false);
    }

    private void write(String node, java.util.function.UnaryOperator<Entry> change) {
        while (true) {
            Optional<KeyValue> kv = store.get(PREFIX + node);
            Entry current = kv.map(v -> StoredRecords.decode(v, Entry.class)).orElse(null);
            byte[] value = StoredRecords.encode(change.apply(current));
            WriteResult w = kv.isEmpty()
                    ? store.create(PREFIX + node, value)
                    : store.update(PREFIX + node, value, kv.get().modRevision());
            if (w.ok()) {
                return;
            }
        }
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    private static Instant notAfter(X509Certificate certificate) {
        return certificate.getNotAfter().toInstant();
    }
}
