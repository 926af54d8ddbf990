package dev.continuum.bench.autonomy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.model.Disconnection;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.Node;
import dev.continuum.model.codec.ResourceCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Failover with the fast profile, and the agent's idle memory, measured on real processes of the
 * distribution jar on loopback.
 *
 * <p><b>Failover.</b> Per round: a fresh control plane ({@code --insecure}, cloud autonomy window 0)
 * and two cloud agents renewing every 1 s with a 2 s grace; the hello function runs on the first;
 * the first agent is killed with SIGKILL. Measured from the kill, by watching the API: when the node
 * turns {@code NodeUnreachable} (detection) and when its replacement is Running on the other node.
 * The baseline is the design bound, grace + one renewal (3 s): a node that renewed just before the
 * kill cannot be detected sooner than the grace, nor later than the grace plus one renewal.
 *
 * <p><b>Memory.</b> The resident set ({@code VmRSS} from {@code /proc}) of an idle agent that joined
 * a control plane over TLS (the default) and keeps its local store, with no Instance and with the
 * hello function, and of one that joined a control plane run {@code --insecure}, against a bare JVM
 * with the same flags and environment running nothing ({@link Idle}), in the same run. Three
 * profiles: the JVM's defaults ({@code java -jar}), and the two the {@code ./continuum} launcher
 * chooses for {@code continuum agent} ({@code scripts/java-opts.sh}: standard, and small node — 4 GiB
 * of memory or less, or {@code CONTINUUM_AGENT_PROFILE=small}); those agents are started through the
 * launcher, as users start them.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.continuum.bench.autonomy.FailoverBench
 * [rounds=5] [jar=cli/target/continuum.jar] [hello=examples/hello/hello.wasm]}, from the repository
 * root (the launcher runs {@code cli/target/continuum.jar}). Prints the machine, each round and a
 * summary.
 */
public final class FailoverBench {

    /** How an agent is started: JVM flags and environment, and whether through the launcher. */
    record Profile(String name, List<String> flags, Map<String, String> env, boolean launcher) {
        /** The launcher's flags and environment for {@code continuum agent} with {@code CONTINUUM_AGENT_PROFILE=which}. */
        static Profile launcher(String which) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(
                            "bash",
                            "-c",
                            ". scripts/java-opts.sh && CONTINUUM_AGENT_PROFILE=" + which + " continuum_java_opts agent")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IOException("scripts/java-opts.sh printed no flags (run from the repository root): " + out);
            }
            return new Profile(
                    which + " (./continuum agent)",
                    List.of(out.split("\\s+")),
                    Map.of("CONTINUUM_AGENT_PROFILE", which, "MALLOC_ARENA_MAX", "2", "CONTINUUM_SKIP_BUILD", "1"),
                    true);
        }
    }

    private static final HttpClient PLAIN =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final ObjectMapper JSON = ResourceCodec.get().json();
    /** The client of the control plane measured now: plain, or trusting its CA over TLS. */
    private static volatile HttpClient http = PLAIN;

    private final Path jar;
    private final Path hello;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();

    private FailoverBench(Path jar, Path hello, Path work) {
        this.jar = jar;
        this.hello = hello;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar =
                Path.of(args.length > 1 ? args[1] : "cli/target/continuum.jar").toAbsolutePath();
        Path hello =
                Path.of(args.length > 2 ? args[2] : "examples/hello/hello.wasm").toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(hello)) {
            System.err.println("need " + jar + " and " + hello + ": build with ./continuum or mvn -pl cli -am package,"
                    + " and run from the repository root");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("continuum-failover-bench");
        System.out.println("machine: " + Machine.describe());
        System.out.println("profile: renew 1s, grace 2s, cloud autonomy window 0, hello function; kill -9 the node");
        FailoverBench bench = new FailoverBench(jar, hello, work);
        List<long[]> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            long[] ms = bench.round(r);
            results.add(ms);
            System.out.printf(Locale.ROOT, "round %d: detected %d ms, replacement running %d ms%n", r, ms[0], ms[1]);
        }
        summary("detect", results.stream().mapToLong(m -> m[0]).sorted().toArray());
        summary(
                "replacement running",
                results.stream().mapToLong(m -> m[1]).sorted().toArray());
        bench.memory();
    }

    private static void summary(String what, long[] sorted) {
        long median = sorted[sorted.length / 2];
        System.out.printf(
                Locale.ROOT,
                "%s: median %d ms, max %d ms; %.2f of the bound (grace + renewal = 3000 ms)%n",
                what,
                median,
                sorted[sorted.length - 1],
                median / 3000.0);
    }

    /** One failover; returns {detection ms, replacement running ms} from the kill. */
    private long[] round(int n) throws Exception {
        Path dir = Files.createDirectories(work.resolve("round-" + n));
        int port = freePort();
        String api = "http://127.0.0.1:" + port;
        Process server = start(
                dir.resolve("server.log"),
                List.of(),
                "server",
                "--insecure",
                "--data-dir",
                dir.resolve("server").toString(),
                "--port",
                Integer.toString(port),
                "--default-autonomy",
                "cloud=0s",
                "--eviction-rate",
                "10",
                "--eviction-burst",
                "10");
        try {
            String admin = awaitAdminToken(dir.resolve("server"), api);
            Process a = agent(dir, "node-a", api, admin);
            awaitReady(api, admin, "node-a");
            String manifest = """
                    {"apiVersion":"continuum.dev/v1","kind":"Application","metadata":{"name":"hello","namespace":"default"},
                     "spec":{"components":[{"name":"greet","type":"function","module":"%s"}]}}""".formatted(hello.toUri());
            call("POST", api + "/api/v1/namespaces/default/applications", admin, manifest);
            awaitUntil(Duration.ofSeconds(60), () -> runningOn(api, admin, "node-a", false));
            agent(dir, "node-b", api, admin);
            awaitReady(api, admin, "node-b");

            try (Watch nodes = new Watch(api + "/api/v1/nodes?watch=true", admin);
                    Watch instances = new Watch(api + "/api/v1/namespaces/default/instances?watch=true", admin)) {
                long killed = System.nanoTime();
                a.destroyForcibly();
                a.waitFor(10, TimeUnit.SECONDS);
                long detected = nodes.awaitLine(Duration.ofSeconds(60), line -> {
                    Node node = ResourceCodec.get()
                            .decode(line.get("object").toString().getBytes(StandardCharsets.UTF_8), Node.class);
                    return "node-a".equals(node.metadata().name())
                            && node.readyCondition()
                                    .map(c -> "NodeUnreachable".equals(c.reason()) || "NodeLost".equals(c.reason()))
                                    .orElse(false);
                });
                long replaced = instances.awaitLine(Duration.ofSeconds(60), line -> {
                    Instance i = ResourceCodec.get()
                            .decode(line.get("object").toString().getBytes(StandardCharsets.UTF_8), Instance.class);
                    return i.metadata().annotations().containsKey(Disconnection.REPLACES)
                            && "node-b".equals(i.spec().node())
                            && i.status().phase() == InstancePhase.RUNNING;
                });
                return new long[] {
                    TimeUnit.NANOSECONDS.toMillis(detected - killed), TimeUnit.NANOSECONDS.toMillis(replaced - killed)
                };
            }
        } finally {
            stopAll();
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Idle RSS of an agent with its local store, against a bare JVM, for each profile. */
    private void memory() throws Exception {
        List<Profile> profiles = List.of(
                new Profile("JVM defaults (java -jar)", List.of(), Map.of(), false),
                Profile.launcher("standard"),
                Profile.launcher("small"));
        for (Profile profile : profiles) {
            String label = profile.name()
                    + (profile.flags().isEmpty() ? "" : ": " + String.join(" ", profile.flags()))
                    + (profile.launcher() ? ", MALLOC_ARENA_MAX=2" : "");
            Path dir = Files.createDirectories(work.resolve("memory-" + profiles.indexOf(profile)));
            long bare = idleRss(start(dir.resolve("idle.log"), profile.flags(), profile.env(), false, (String[]) null));
            stopAll();
            long[] tls = measureAgent(dir.resolve("tls"), profile, true);
            long[] insecure = measureAgent(dir.resolve("insecure"), profile, false);
            System.out.printf(
                    Locale.ROOT,
                    "agent RSS (%s): bare JVM %.1f MB; idle agent with its local store %.1f MB (%.2fx the bare"
                            + " JVM); with the hello function %.1f MB (%.2fx); idle agent of an --insecure control"
                            + " plane %.1f MB (%.2fx)%n",
                    label,
                    bare / 1024.0,
                    tls[0] / 1024.0,
                    (double) tls[0] / bare,
                    tls[1] / 1024.0,
                    (double) tls[1] / bare,
                    insecure[0] / 1024.0,
                    (double) insecure[0] / bare);
        }
    }

    /** {idle RSS, RSS with the hello function} in kB of an agent of a fresh control plane (over TLS or not). */
    private long[] measureAgent(Path dir, Profile profile, boolean tls) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        String api = (tls ? "https" : "http") + "://127.0.0.1:" + port;
        List<String> serverArgs = new ArrayList<>(
                List.of("server", "--data-dir", dir.resolve("server").toString(), "--port", Integer.toString(port)));
        if (!tls) {
            serverArgs.add("--insecure");
        }
        Process server = start(dir.resolve("server.log"), List.of(), serverArgs.toArray(String[]::new));
        try {
            if (tls) {
                Path ca = dir.resolve("server").resolve("ca.crt");
                awaitUntil(Duration.ofSeconds(60), () -> Files.exists(ca) && Files.size(ca) > 0);
                http = trusting(ca);
            }
            String admin = awaitAdminToken(dir.resolve("server"), api);
            List<String> extra = tls
                    ? List.of(
                            "--ca-file", dir.resolve("server").resolve("ca.crt").toString())
                    : List.of();
            Process agent = agent(dir, "idle", api, admin, profile, extra);
            awaitReady(api, admin, "idle");
            long empty = idleRss(agent);
            if (!tls) {
                return new long[] {empty, 0};
            }
            String manifest = """
                    {"apiVersion":"continuum.dev/v1","kind":"Application","metadata":{"name":"hello","namespace":"default"},
                     "spec":{"components":[{"name":"greet","type":"function","module":"%s"}]}}""".formatted(hello.toUri());
            call("POST", api + "/api/v1/namespaces/default/applications", admin, manifest);
            awaitUntil(Duration.ofSeconds(60), () -> runningOn(api, admin, "idle", false));
            return new long[] {empty, idleRss(agent)};
        } finally {
            stopAll();
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            http = PLAIN;
        }
    }

    /** A client that trusts only the CA certificate in {@code caFile} (the control plane's). */
    private static HttpClient trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(context)
                .build();
    }

    /** The median of five VmRSS readings a second apart, after ten seconds of quiet, in kB. */
    private static long idleRss(Process p) throws Exception {
        Thread.sleep(10_000); // a benchmark, not a test: let the JVM settle
        long[] samples = new long[5];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = rss(p.pid());
            Thread.sleep(1_000);
        }
        java.util.Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private Process agent(Path dir, String name, String api, String admin) throws Exception {
        return agent(dir, name, api, admin, new Profile("JVM defaults", List.of(), Map.of(), false), List.of());
    }

    private Process agent(Path dir, String name, String api, String admin, Profile profile, List<String> extra)
            throws Exception {
        JsonNode token = JSON.readTree(
                call("POST", api + "/api/v1/bootstraptokens", admin, "{\"ttl\":\"10m\",\"description\":\"bench\"}"));
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--server",
                api,
                "--token",
                token.path("token").asText(),
                "--node-name",
                name,
                "--tier",
                "cloud",
                "--data-dir",
                dir.resolve(name).toString(),
                "--gateway-host",
                "127.0.0.1",
                "--gateway-port",
                "0",
                "--lease-renew-interval",
                "1s",
                "--lease-duration",
                "2s"));
        args.addAll(extra);
        return start(
                dir.resolve(name + ".log"),
                profile.flags(),
                profile.env(),
                profile.launcher(),
                args.toArray(String[]::new));
    }

    private Process start(Path log, List<String> jvmFlags, String... args) throws IOException {
        return start(log, jvmFlags, Map.of(), false, args);
    }

    /**
     * Starts {@code java [flags] -jar continuum.jar args}, {@code ./continuum args} (the launcher, which
     * chooses the same flags itself) when {@code launcher}, or the bare {@link Idle} JVM when args is null.
     */
    private Process start(Path log, List<String> jvmFlags, Map<String, String> env, boolean launcher, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (launcher && args != null) {
            cmd.add(Path.of("continuum").toAbsolutePath().toString());
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags);
            if (args == null) {
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Idle.class.getName()));
            } else {
                cmd.addAll(List.of("-jar", jar.toString()));
            }
        }
        if (args != null) {
            cmd.addAll(List.of(args));
        }
        ProcessBuilder builder =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        if (launcher) {
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        }
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        processes.clear();
    }

    private static String awaitAdminToken(Path dataDir, String api) throws Exception {
        Path file = dataDir.resolve("admin-token");
        awaitUntil(Duration.ofSeconds(60), () -> Files.exists(file) && Files.size(file) > 0);
        String token = Files.readString(file).strip();
        awaitUntil(Duration.ofSeconds(60), () -> status(api + "/readyz", token) == 200);
        return token;
    }

    private static void awaitReady(String api, String admin, String node) throws Exception {
        awaitUntil(Duration.ofSeconds(60), () -> {
            String body = call("GET", api + "/api/v1/nodes/" + node, admin, null);
            return ResourceCodec.get()
                    .decode(body.getBytes(StandardCharsets.UTF_8), Node.class)
                    .isReady();
        });
    }

    private static boolean runningOn(String api, String admin, String node, boolean replacement) throws Exception {
        JsonNode list = JSON.readTree(call("GET", api + "/api/v1/namespaces/default/instances", admin, null));
        for (JsonNode item : list.path("items")) {
            Instance i = ResourceCodec.get().decode(item.toString().getBytes(StandardCharsets.UTF_8), Instance.class);
            if (node.equals(i.spec().node())
                    && i.status().phase() == InstancePhase.RUNNING
                    && replacement == i.metadata().annotations().containsKey(Disconnection.REPLACES)) {
                return true;
            }
        }
        return false;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Duration bound, Check check) throws Exception {
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException | UncheckedIOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not within " + bound);
    }

    private static int status(String url, String token) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A watch stream read on a thread of its own; each line is timed as it arrives. */
    private static final class Watch implements AutoCloseable {
        private record Line(long at, JsonNode json) {}

        private final List<Line> lines = new ArrayList<>();
        private final InputStream body;
        private final Thread reader;

        Watch(String url, String token) throws Exception {
            body = http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .body();
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        long at = System.nanoTime();
                        if (!line.isBlank()) {
                            JsonNode json = JSON.readTree(line);
                            synchronized (lines) {
                                lines.add(new Line(at, json));
                                lines.notifyAll();
                            }
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        interface Match {
            boolean test(JsonNode line);
        }

        /** The arrival time (nanoTime) of the first line that matches. */
        long awaitLine(Duration bound, Match match) throws InterruptedException {
            long end = System.nanoTime() + bound.toNanos();
            int seen = 0;
            synchronized (lines) {
                while (true) {
                    for (; seen < lines.size(); seen++) {
                        Line l = lines.get(seen);
                        if (l.json().has("object")
                                && !"BOOKMARK".equals(l.json().path("type").asText())
                                && match.test(l.json())) {
                            return l.at();
                        }
                    }
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("no matching watch line within " + bound);
                    }
                    lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
            reader.interrupt();
        }
    }
}
