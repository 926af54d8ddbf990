package dev.continuum.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Host names and IP addresses a certificate is valid for (its DNS and IP subject alternative names),
 * checked and told apart: {@code 10.0.0.7} and {@code ::1} are addresses, {@code gw-1.example} a name.
 */
final class SubjectNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private SubjectNames() {}

    static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches() || name.contains(":");
    }

    /** The names, lowercased, without duplicates; an invalid one is a {@link CredentialException} naming it. */
    static List<String> normalize(List<String> names) {
        var out = new LinkedHashSet<String>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.isEmpty()) {
                continue;
            }
            if (!isIpAddress(name) && (!DNS.matcher(name).matches() || name.length() > 253)) {
                throw new CredentialException(
                        "\"" + raw + "\" is neither a host name nor an IP address; a certificate cannot name it");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    static GeneralNames generalNames(List<String> names, List<String> uris) {
        List<GeneralName> out = new ArrayList<>();
        for (String name : normalize(names)) {
            out.add(new GeneralName(isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        for (String uri : uris) {
            out.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }
}
