package dev.continuum.cli;

import dev.continuum.client.ApiException;
import dev.continuum.client.ContinuumClient;
import dev.continuum.model.Kind;
import dev.continuum.model.codec.Problem;

/** Connecting to the API and turning its errors into messages and exit codes. */
final class Api {
    private Api() {}

    static ContinuumClient connect(ServerOptions server) {
        return server.connect();
    }

    static String describe(ApiException e) {
        StringBuilder out = new StringBuilder();
        if (e.isUnreachable()) {
            out.append(e.getMessage())
                    .append(
                            "\n  is the control plane running? Start one with `continuum up`, or point --server at it.");
            if (e.getMessage() != null
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("certificate")) {
                out.append("\n  the server's certificate was refused: is --ca-file the control plane's ca.crt, and"
                        + " does its certificate name the host in --server (continuum server --san HOST)?");
            }
            return out.toString();
        }
        if (e.isUnauthorized()) {
            return e.error().message() + "\n  pass --token, or --config <the config.yaml `continuum up` wrote>";
        }
        out.append(e.error().message());
        for (Problem p : e.error().problems()) {
            if (e.error().problems().size() > 1 || !e.error().message().contains(p.message())) {
                out.append("\n  ").append(p);
            }
        }
        return out.toString();
    }

    static int exitCode(ApiException e) {
        if (e.isUnreachable()) {
            return ExitCodes.UNREACHABLE;
        }
        if (e.isNotFound()) {
            return ExitCodes.NOT_FOUND;
        }
        if (e.isInvalid() || e.code() == 400) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    static Kind kind(String text) {
        return Kind.find(text)
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE,
                        "unknown kind \"" + text + "\"; use one of: nodes, applications (apps), instances,"
                                + " events, leases, namespaces (ns)"));
    }
}
