package dev.continuum.cli.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.agent.status.StatusReporter;
import dev.continuum.model.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The machine of an edge node loses power while its control plane is down, and boots again with no
 * control plane to ask — and with the modules' source files gone, so that only the agent's local
 * store can bring its Instances back. Then the control plane returns and the node reconciles
 * without restarting anything that runs. Two tickers and a function (the hello example) run there.
 */
class RebootWhileOfflineE2E extends AutonomyE2E {

    @Test
    void runsEverythingAgainFromLocalDataAloneAndReconnectsWithoutRestartingIt() throws Exception {
        cluster.startServer();
        AgentNode n1 = cluster.agent("n1", "--tier", "gateway").start();
        cluster.await(
                "n1 is Ready", Duration.ofSeconds(60), () -> cluster.node("n1").isReady());
        String ticker = cluster.module("/autonomy/ticker.wasm");
        String hello = cluster.module(Path.of("..", "examples", "hello", "hello.wasm")
                .toAbsolutePath()
                .normalize()
                .toString());
        cluster.apply("""
                apiVersion: continuum.dev/v1
                kind: Application
                metadata: {name: offline}
                spec:
                  components:
                    - name: one
                      module: %1$s
                    - name: two
                      module: %1$s
                    - name: greet
                      type: function
                      module: %2$s
                """.formatted(ticker, hello));
        cluster.await(
                "all three Running on n1, the tickers ticking, the function answering",
                Duration.ofSeconds(90),
                () -> List.of("one", "two", "greet").stream()
                                .allMatch(c -> AutonomyCluster.running(cluster.only("offline", c)))
                        && ticking(cluster.only("offline", "one").metadata().name())
                        && ticking(cluster.only("offline", "two").metadata().name())
                        && greets(n1, "before"));
        String one = cluster.only("offline", "one").metadata().name();
        String two = cluster.only("offline", "two").metadata().name();

        cluster.killServer();
        try (Stream<Path> modules = Files.list(dir.resolve("modules"))) {
            for (Path m : modules.toList()) {
                Files.delete(m);
            }
        }
        cluster.note("module source files deleted");
        n1.kill();
        Instant reboot = Instant.now();
        n1.start();

        cluster.await(
                "every Instance runs again from local data alone (a JVM start, the store read, modules loaded)",
                Duration.ofSeconds(30),
                () -> cluster.tap().startsSince(one, reboot) == 1
                        && cluster.tap().startsSince(two, reboot) == 1
                        && ticking(one)
                        && ticking(two)
                        && greets(n1, "offline"));
        Instant offlineStart = Instant.now();

        cluster.startServer();
        cluster.await(
                "n1 Ready again once the control plane is back: a renewal and a reconnect backoff (<= 5 s)",
                Duration.ofSeconds(20),
                () -> cluster.node("n1").isReady());
        cluster.await(
                "the statuses kept while offline are delivered: both tickers Running since their offline start",
                Duration.ofSeconds(20),
                () -> List.of(one, two).stream().allMatch(name -> {
                    Instance i = cluster.instance(name).orElseThrow();
                    return AutonomyCluster.running(i)
                            && i.status().startTime().isAfter(reboot)
                            && i.status().startTime().isBefore(offlineStart);
                }));
        cluster.holdsFor(
                "reconnecting restarts nothing: one start each since the reboot, still ticking",
                Duration.ofSeconds(5),
                () -> cluster.tap().startsSince(one, reboot) == 1
                        && cluster.tap().startsSince(two, reboot) == 1
                        && ticking(one)
                        && ticking(two));
        for (String name : List.of(one, two)) {
            Instance i = cluster.instance(name).orElseThrow();
            assertThat(i.status().restarts()).as("%s restarts", name).isZero();
            assertThat(i.status().startTime())
                    .as("%s ran on from its offline start", name)
                    .isBefore(offlineStart);
        }
        assertThat(cluster.events(StatusReporter.REPORTED_OFFLINE))
                .as("what happened while offline is replayed as events")
                .isNotEmpty();
        assertThat(greets(n1, "after")).isTrue();
    }

    private boolean ticking(String instance) {
        return cluster.tap().ticking(instance, Duration.ofSeconds(1));
    }

    private boolean greets(AgentNode node, String name) {
        try {
            HttpResponse<String> r = cluster.gatewayHttp()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(node.gateway() + "/fn/default/offline/greet?name=" + name))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("Hello, " + name + "!");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
