package dev.continuum.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pre-warmed instances are used once each and see only the run that took them. */
class PrewarmTest {

    @ParameterizedTest(name = "{0} pre-warmed instances")
    @ValueSource(ints = {0, 1, 3})
    void everyRunSeesItsOwnArgumentsEnvironmentAndAFreshMemory(int prewarmed) {
        try (var engine = new WasmEngine(WasmEngineOptions.defaults().withPrewarmedInstances(prewarmed))) {
            var probe = engine.load(Fixtures.bytes("probe.wasm"));
            var counter = engine.load(Fixtures.bytes("counter.wasm"));
            for (int i = 0; i < 30; i++) {
                var env = Fixtures.run(
                        engine, probe, WasiInvocation.of("probe", "env").withEnv(Map.of("RUN", "r" + i)));
                var args = Fixtures.run(engine, probe, WasiInvocation.of("probe", "args", "n" + i));

                assertThat(env.stdout()).isEqualTo("RUN=r" + i + "\n");
                assertThat(args.stdout()).isEqualTo("probe\nargs\nn" + i + "\n");
            }
            assertThat(Fixtures.probe(engine, "trap").status().outcome()).isEqualTo(ExitStatus.Outcome.TRAPPED);
            assertThat(Fixtures.probe(engine, "hello").stdout())
                    .as("a trap does not spoil later runs")
                    .isEqualTo("hello from probe\n");
            var grant = dev.continuum.wasm.capability.Capabilities.none()
                    .withMessaging(
                            new dev.continuum.wasm.capability.LocalMessageBroker(),
                            java.util.List.of(),
                            java.util.List.of());
            assertThat(engine.run(counter, WasiInvocation.of("counter"), grant).outcome())
                    .as("a reactor has no _start")
                    .isEqualTo(ExitStatus.Outcome.START_FAILED);
        }
    }
}
