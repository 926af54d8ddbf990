package dev.continuum.cli;

import dev.continuum.controlplane.ControlPlaneOptions;
import dev.continuum.model.DurationText;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The control plane's TLS flags, shared by {@code continuum server} and {@code continuum up}. */
final class SecurityFlags {

    @Option(
            names = "--insecure",
            description = "Serve plain HTTP without certificates: tokens and data cross the network in clear text,"
                    + " and anyone on it can pose as the control plane. For local experiments only.")
    boolean insecure;

    @Option(
            names = "--san",
            paramLabel = "HOST",
            description = "Another host name or address for the server's certificate, besides localhost, the"
                    + " loopback addresses, the host name and --host (every interface's addresses with 0.0.0.0)"
                    + " (repeatable): what agents and clients put in --server.")
    List<String> sans = new ArrayList<>();

    @Option(
            names = "--node-cert-ttl",
            paramLabel = "DURATION",
            description = "How long node certificates last; nodes renew them at two thirds of it (default: 24h).")
    String nodeCertTtl;

    ControlPlaneOptions apply(ControlPlaneOptions options) {
        ControlPlaneOptions out = options.withInsecure(insecure).withSans(sans);
        if (nodeCertTtl != null) {
            try {
                out = out.withNodeCertificateLifetime(DurationText.parse(nodeCertTtl));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--node-cert-ttl: " + e.getMessage());
            }
        }
        return out;
    }
}
