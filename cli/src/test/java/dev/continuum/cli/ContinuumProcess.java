package dev.continuum.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution jar run as a separate process, as users run it: {@code java -jar
 * continuum.jar ...}. Output goes to a log file that failures print.
 *
 * <p>Every process runs with {@code user.home} in a sandbox ({@value #HOME}), so that no test reads or
 * writes the developer's {@code ~/.continuum}. Control planes run with TLS and access rules, as in
 * production: talk to one through a {@link ClusterAccess}, which reads the client config it wrote.
 */
public final class ContinuumProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "continuum.jar").toAbsolutePath();
    /** The home folder of every process started here. */
    static final String HOME = "target/e2e-home";

    private final Process process;
    private final Path log;
    private final String name;

    private ContinuumProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a long-running command (up, server, agent) in the background. */
    public static ContinuumProcess start(Path workDir, String name, String... args) {
        try {
            Path log = workDir.resolve(name + ".log");
            Process p = new ProcessBuilder(command(args))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ContinuumProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to completion and returns its exit code and output. */
    public static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs a short command with more environment variables (e.g. {@code CONTINUUM_CONFIG}). */
    public static Result run(Map<String, String> environment, String... args) {
        try {
            Path out = Files.createTempFile("continuum-cli", ".out");
            Path err = Files.createTempFile("continuum-cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command(args))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("continuum " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Duser.home=" + Path.of(HOME).toAbsolutePath());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended (waits up to 60 s for it). */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " is still running:\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: no shutdown hook runs, as when a machine loses power. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (" + (alive() ? "running" : "exited " + process.exitValue()) + ")\n" + output();
    }
}
