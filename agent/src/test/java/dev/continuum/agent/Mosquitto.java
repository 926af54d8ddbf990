package dev.continuum.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker on a free loopback port, started by the test (Debian's {@code mosquitto};
 * {@code .ci/run} installs it). {@link #stop()} and {@link #start()} take it away and bring it back
 * on the same port, as a broker restart does; it keeps no messages across.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling test when mosquitto is not installed. */
    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(BINARY),
                "mosquitto is not installed at " + BINARY + " (apt-get install mosquitto; .ci/run installs it)");
    }

    /** A broker on a free port, not started yet (its port is reserved only by chance until then). */
    public static Mosquitto on(Path dir) {
        assumeInstalled();
        return new Mosquitto(dir, freePort());
    }

    /** Starts it and waits until it accepts connections. */
    public Mosquitto start() {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(
                    config,
                    "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n" + "log_dest stderr\n");
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::accepts);
        return this;
    }

    /** Stops the broker (the port is free again once this returns). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public int port() {
        return port;
    }

    /** The agent's {@code --mqtt-broker} value. */
    public String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
