package dev.continuum.agent.identity;

import dev.continuum.agent.AgentOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host names and addresses this node's certificate must name so that callers reach its gateway
 * by them: the host of its gateway address, the address it listens on, and — listening on every
 * address or on loopback — {@code localhost} and the loopback addresses (and the host name).
 */
public final class GatewayNames {

    private GatewayNames() {}

    public static List<String> of(AgentOptions options) {
        Set<String> names = new LinkedHashSet<>();
        String address = options.gatewayAddressFor(options.gatewayPort() == 0 ? 1 : options.gatewayPort());
        String host = URI.create(address).getHost();
        if (host != null) {
            names.add(strip(host));
        }
        String listen = strip(options.gatewayHost());
        boolean wildcard = listen.isEmpty() || listen.equals("0.0.0.0") || listen.equals("::");
        boolean loopback = listen.equals("127.0.0.1") || listen.equals("::1") || listen.equals("localhost");
        if (wildcard || loopback) {
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("::1");
        } else {
            names.add(listen);
        }
        if (wildcard) {
            try {
                String hostName = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
                if (hostName.matches("[a-z0-9.-]+")) {
                    names.add(hostName);
                }
            } catch (UnknownHostException e) {
                // No host name: callers use an address.
            }
        }
        return List.copyOf(names);
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
