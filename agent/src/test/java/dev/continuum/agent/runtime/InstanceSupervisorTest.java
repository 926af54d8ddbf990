package dev.continuum.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.agent.Fixtures;
import dev.continuum.agent.fetch.FetchResult;
import dev.continuum.agent.fetch.ModuleCache;
import dev.continuum.agent.fetch.ModuleFetcher;
import dev.continuum.agent.local.LocalStore;
import dev.continuum.agent.logs.InstanceLog;
import dev.continuum.agent.logs.InstanceLogs;
import dev.continuum.model.Component;
import dev.continuum.model.ComponentType;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import dev.continuum.model.InstanceSpec;
import dev.continuum.model.InstanceStatus;
import dev.continuum.model.ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceSupervisorTest {

    @TempDir
    Path dir;

    private Engines engines;
    private InstanceLogs logs;
    private LocalFunctions functions;
    private RecordingStatusSink sink;
    private final List<InstanceSupervisor> started = new ArrayList<>();
    private LocalStore store;

    @BeforeEach
    void setUp() {
        engines = Engines.create(dir.resolve("classes"));
        logs = new InstanceLogs(dir.resolve("logs"), Clock.systemUTC());
        functions = new LocalFunctions();
        sink = new RecordingStatusSink();
        store = LocalStore.open(dir.resolve("local/agent.db"), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        started.forEach(s -> s.stop(Duration.ofSeconds(5)));
        logs.close();
        engines.close();
        store.close();
    }

    private InstanceSupervisor start(Component component) {
        var instance = Instance.of(
                ObjectMeta.named("default", "i-" + started.size()).withUid("uid-" + started.size()),
                new InstanceSpec("app", component.name(), component, "n1", 1));
        var context = new InstanceContext(
                instance, logs.open("default", instance.metadata().name()));
        var fetcher = new ModuleFetcher(new ModuleCache(store), 1 << 24, Duration.ofSeconds(5));
        var supervisor = new InstanceSupervisor(
                context,
                List.of(
                        new RuntimeCheckHook(),
                        new ModuleHook(fetcher, engines),
                        new FunctionRouteHook(functions, engines)),
                engines,
                sink,
                new SupervisorSettings(
                        Duration.ofMillis(50),
                        Duration.ofMillis(200),
                        SupervisorSettings.DEFAULT_HEALTHY_AFTER,
                        "http://127.0.0.1:7080",
                        Clock.systemUTC()));
        started.add(supervisor);
        supervisor.start();
        return supervisor;
    }

    private Component component(String name, ComponentType type, String fixture, String... args) {
        return new Component(
                name,
                type,
                Fixtures.fileUrl(dir, fixture),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(args),
                Map.of("GREETING", "hi"),
                null,
                null,
                null,
                null);
    }

    private static List<String> logText(InstanceSupervisor supervisor) {
        return supervisor.context().log().tail(-1).stream()
                .map(InstanceLog.Line::text)
                .toList();
    }

    @Test
    void aJobThatExitsZeroSucceedsAndItsOutputIsLogged() {
        var supervisor = start(component("job", ComponentType.JOB, "exit.wasm", "0"));

        await().until(() -> supervisor.state() == InstanceSupervisor.State.SUCCEEDED);
        InstanceStatus status = sink.latest();
        assertThat(status.phase()).isEqualTo(InstancePhase.SUCCEEDED);
        assertThat(status.exitCode()).isZero();
        assertThat(status.observedEpoch()).isEqualTo(1);
        assertThat(sink.reports()).extracting(InstanceStatus::phase).contains(InstancePhase.RUNNING);
        assertThat(logText(supervisor))
                .anyMatch(l -> l.contains("stdout exit: started as job with 1 argument(s)"))
                .anyMatch(l -> l.contains("stdout exit: GREETING=hi"))
                .anyMatch(l -> l.contains("stderr exit: leaving with code 0"));
    }

    @Test
    void aJobThatExitsNonZeroFailsWithItsExitCode() {
        var supervisor = start(component("job", ComponentType.JOB, "exit.wasm", "7"));

        await().until(() -> supervisor.state() == InstanceSupervisor.State.FAILED);
        InstanceStatus status = sink.latest();
        assertThat(status.phase()).isEqualTo(InstancePhase.FAILED);
        assertThat(status.reason()).isEqualTo(ExitReasons.ERROR);
        assertThat(status.message()).isEqualTo("exited with code 7");
        assertThat(status.exitCode()).isEqualTo(7);
    }

    @Test
    void aCrashingServiceIsRestartedWithBackoffCountingRestarts() {
        var supervisor = start(component("svc", ComponentType.SERVICE, "exit.wasm", "3"));

        await().until(() -> sink.latest() != null && sink.latest().restarts() >= 3);
        InstanceStatus status = sink.latest();
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(sink.reports())
                .anySatisfy(s -> {
                    assertThat(s.phase()).isEqualTo(InstancePhase.STARTING);
                    assertThat(s.reason()).isEqualTo("BackOff");
                    assertThat(s.message()).startsWith("exited with code 3; restarting in");
                })
                .anySatisfy(s -> {
                    assertThat(s.phase()).isEqualTo(InstancePhase.RUNNING);
                    assertThat(s.restarts()).isPositive();
                    assertThat(s.reason()).isEqualTo(ExitReasons.ERROR);
                    assertThat(s.message()).isEqualTo("last run exited with code 3");
                });
        assertThat(logText(supervisor)).anyMatch(l -> l.contains("restarting in 50ms"));
        assertThat(logText(supervisor)).anyMatch(l -> l.contains("restarting in 100ms"));
    }

    @Test
    void aRunningServiceStopsWhenAsked() {
        var supervisor = start(component("svc", ComponentType.SERVICE, "sleeper.wasm", "zzz"));
        await().until(() -> logText(supervisor).stream().anyMatch(l -> l.contains("sleeper: up (zzz)")));
        assertThat(sink.latest().phase()).isEqualTo(InstancePhase.RUNNING);
        assertThat(sink.latest().address()).isEqualTo("http://127.0.0.1:7080");
        assertThat(sink.latest().startTime()).isNotNull();

        assertThat(supervisor.stop(Duration.ofSeconds(10))).isTrue();

        assertThat(supervisor.state()).isEqualTo(InstanceSupervisor.State.STOPPED);
        assertThat(sink.latest().phase()).isEqualTo(InstancePhase.RUNNING);
    }

    @Test
    void aFunctionIsPublishedWhileRunningAndWithdrawnWhenStopped() {
        var supervisor = start(component("greet", ComponentType.FUNCTION, "echo.wasm"));

        await().until(() -> functions.pick("default", "app", "greet") != null);
        assertThat(sink.latest().phase()).isEqualTo(InstancePhase.RUNNING);

        supervisor.stop(Duration.ofSeconds(5));

        assertThat(functions.pick("default", "app", "greet")).isNull();
    }

    @Test
    void aModuleThatIsNotWebAssemblyFailsAsInvalidModule() throws Exception {
        Path text = dir.resolve("notes.wasm");
        Files.writeString(text, "this is not a module");
        var component = component("job", ComponentType.JOB, "exit.wasm")
                .withModule(text.toUri().toString());

        var supervisor = start(component);

        await().until(() -> supervisor.state() == InstanceSupervisor.State.FAILED);
        assertThat(sink.latest().reason()).isEqualTo(ModuleHook.INVALID_MODULE);
        assertThat(sink.latest().message()).contains(text.toUri().toString()).contains("rejected");
    }

    @Test
    void aMissingModuleIsRetriedWithBackoffUntilItAppears() throws Exception {
        Path later = dir.resolve("later.wasm");
        var component = component("job", ComponentType.JOB, "exit.wasm")
                .withModule(later.toUri().toString());

        var supervisor = start(component);
        await().until(() -> sink.latest() != null
                && FetchResult.FETCH_FAILED.equals(sink.latest().reason()));
        assertThat(sink.latest().phase()).isEqualTo(InstancePhase.FAILED);
        assertThat(sink.latest().message()).contains(later.toString()).contains("retrying in");

        Files.write(later, Fixtures.bytes("exit.wasm"));

        await().until(() -> supervisor.state() == InstanceSupervisor.State.SUCCEEDED);
    }

    @Test
    void aContainerImageIsRefusedAsAnUnsupportedRuntime() {
        var component = new Component(
                "db",
                ComponentType.SERVICE,
                null,
                null,
                "postgres:16",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        var supervisor = start(component);

        await().until(() -> supervisor.state() == InstanceSupervisor.State.FAILED);
        assertThat(sink.latest().reason()).isEqualTo(RuntimeCheckHook.UNSUPPORTED_RUNTIME);
        assertThat(sink.latest().message()).contains("postgres:16");
    }
}
