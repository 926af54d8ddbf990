package dev.continuum.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the API server is and how to authenticate, shared by every command that talks to it. */
final class ServerOptions {

    static final String DEFAULT_SERVER = "http://127.0.0.1:7070";

    @Option(
            names = {"-s", "--server"},
            paramLabel = "URL",
            description = "The API server (default: $CONTINUUM_SERVER or " + DEFAULT_SERVER + ").")
    String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "A bearer token for the API (default: $CONTINUUM_TOKEN).")
    String token;

    URI uri() {
        String s = server != null ? server : System.getenv("CONTINUUM_SERVER");
        if (s == null || s.isBlank()) {
            s = DEFAULT_SERVER;
        }
        try {
            URI uri = URI.create(s.contains("://") ? s : "http://" + s);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--server " + s + " is not a URL like http://127.0.0.1:7070");
        }
    }

    String token() {
        return token != null ? token : System.getenv("CONTINUUM_TOKEN");
    }
}
