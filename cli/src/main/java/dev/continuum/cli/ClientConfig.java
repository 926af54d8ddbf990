package dev.continuum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.continuum.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CLI finds its control plane and how it proves who it is, as {@code continuum up} and
 * {@code continuum server} write it ({@code <data dir>/config.yaml}, and {@code ~/.continuum/config.yaml}
 * for the default data folder), readable by its owner only since it holds a token:
 *
 * <pre>
 * server: https://127.0.0.1:7070
 * caFile: /home/me/.continuum/server/ca.crt
 * token: 3q2-…
 * </pre>
 *
 * Read strictly: an unknown key is an error naming the file. A relative {@code caFile} is relative
 * to the file's folder.
 *
 * @param server the API's URL
 * @param caFile the cluster CA's certificate (absent without TLS)
 * @param token the bearer token
 */
record ClientConfig(String server, String caFile, String token) {

    static final String FILE = "config.yaml";
    static final String ENV = "CONTINUUM_CONFIG";

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The default file: {@code ~/.continuum/config.yaml}. */
    static Path defaultFile() {
        return ServerCommand.home().resolve(FILE);
    }

    /**
     * The config in {@code file}; empty when there is no such file.
     *
     * @throws CliException naming the file when it cannot be read or is not a config
     */
    static Optional<ClientConfig> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the client config " + file + ": " + e.getMessage());
        }
        try {
            ClientConfig c = YAML.readValue(text, ClientConfig.class);
            if (c == null) {
                return Optional.empty();
            }
            String ca = c.caFile();
            if (ca != null && !Path.of(ca).isAbsolute() && file.toAbsolutePath().getParent() != null) {
                ca = file.toAbsolutePath().getParent().resolve(ca).normalize().toString();
            }
            return Optional.of(new ClientConfig(c.server(), ca, c.token()));
        } catch (JsonProcessingException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    file + " is not a Continuum client config (" + e.getOriginalMessage()
                            + "); it holds server:, caFile: and token: — `continuum up` writes one");
        }
    }

    /** Writes this config to {@code file}, readable by its owner only. */
    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder("# Continuum client config, written by the control plane. It holds an"
                + " administrator's token: keep it private.\n");
        text.append("server: ").append(server).append('\n');
        if (caFile != null) {
            text.append("caFile: ").append(quote(caFile)).append('\n');
        }
        text.append("token: ").append(token).append('\n');
        SecretFiles.writePrivate(file, text.toString());
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
