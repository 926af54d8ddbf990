package dev.continuum.wasm.capability;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses for {@code continuum.http_request}. The outbound client checks
 * and connects to exactly the addresses returned here, so a name cannot resolve differently
 * between the check and the connection. Tests pass a fixed table.
 */
@FunctionalInterface
public interface AddressResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver. */
    static AddressResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
