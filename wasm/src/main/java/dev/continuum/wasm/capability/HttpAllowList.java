package dev.continuum.wasm.capability;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code scheme://host:port} targets a component may call with {@code continuum.http_request}.
 * A URL is allowed when its scheme, host and port equal one entry's (the port defaults to 80 or
 * 443); paths are free. Hosts are compared after lower-casing and IDN conversion; numeric hosts
 * other than a plain dotted quad or a bracketed IPv6 address ({@code 127.1}, {@code 0x7f.0.0.1},
 * {@code 2130706433}) are refused as ambiguous. Immutable and thread-safe.
 */
public final class HttpAllowList {
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern NUMERIC_LOOKING =
            Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?");

    private final List<Target> entries;

    /** One allowed target. {@code host} is normalised (lower case, ASCII, IPv6 in brackets). */
    public record Target(String scheme, String host, int port) {
        /** True when the entry names the host by an IP literal or as {@code localhost}: then that host may be loopback. */
        public boolean namesAddressExplicitly() {
            return host.equals("localhost")
                    || host.startsWith("[")
                    || DOTTED_QUAD.matcher(host).matches();
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port;
        }
    }

    private HttpAllowList(List<Target> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses entries such as {@code https://api.example.com}, {@code http://10.0.0.5:8080}.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static HttpAllowList of(List<String> entries) {
        var targets = new ArrayList<Target>();
        for (String entry : entries) {
            try {
                URI uri = new URI(entry);
                var target = target(uri);
                if (target.isEmpty()
                        || (uri.getRawPath() != null
                                && !uri.getRawPath().isEmpty()
                                && !uri.getRawPath().equals("/"))) {
                    throw new IllegalArgumentException("http-outbound entry \"" + entry
                            + "\" must be scheme://host[:port] with scheme http or https and no path");
                }
                targets.add(target.get());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "http-outbound entry \"" + entry + "\" is not a URL: " + e.getMessage(), e);
            }
        }
        return new HttpAllowList(targets);
    }

    /** The entries, normalised. */
    public List<Target> entries() {
        return entries;
    }

    /** The entry {@code url} falls under, if any. */
    public Optional<Target> match(URI url) {
        return target(url).filter(entries::contains);
    }

    /** The scheme/host/port a URL addresses, or empty when it is not a plain http(s) URL. */
    static Optional<Target> target(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = normaliseHost(uri.getHost());
        if (host == null) {
            return Optional.empty();
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return Optional.of(new Target(scheme, host, port));
    }

    private static String normaliseHost(String raw) {
        String host = raw.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("[")) {
            if (host.contains("%")) {
                return null; // zone ids name an interface, not a host
            }
            try {
                byte[] address = InetAddress.getByName(host.substring(1, host.length() - 1))
                        .getAddress();
                return "[" + InetAddress.getByAddress(address).getHostAddress() + "]";
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        if (NUMERIC_LOOKING.matcher(host).matches()
                && !DOTTED_QUAD.matcher(host).matches()) {
            return null; // 127.1, 0x7f000001, 017700000001: ambiguous spellings of addresses
        }
        try {
            return IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
