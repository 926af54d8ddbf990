package dev.continuum.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many threads loading and running at once share compiled modules and never see each other's runs. */
class ConcurrencyTest {

    @Test
    void concurrentLoadsOfTheSameBytesCompileOnce() throws Exception {
        try (var engine = new WasmEngine(WasmEngineOptions.defaults());
                var pool = Executors.newFixedThreadPool(8)) {
            var loads = new ArrayList<Future<LoadedModule>>();
            for (int i = 0; i < 8; i++) {
                loads.add(pool.submit(() -> engine.load(Fixtures.bytes("probe.wasm"))));
            }
            var first = loads.getFirst().get();
            for (var load : loads) {
                assertThat(load.get()).isSameAs(first);
            }
        }
    }

    @Test
    void concurrentRunsSeeOnlyTheirOwnEnvironmentAndOutput() throws Exception {
        try (var engine = new WasmEngine(WasmEngineOptions.defaults());
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var probe = engine.load(Fixtures.bytes("probe.wasm"));
            var runs = new ArrayList<Future<String>>();
            for (int i = 0; i < 200; i++) {
                String mine = "run-" + i;
                Callable<String> task = () -> Fixtures.run(
                                engine, probe, WasiInvocation.of("probe", "env").withEnv(Map.of("WHO", mine)))
                        .stdout();
                runs.add(threads.submit(task));
            }
            for (int i = 0; i < runs.size(); i++) {
                assertThat(runs.get(i).get()).isEqualTo("WHO=run-" + i + "\n");
            }
        }
    }
}
