package dev.continuum.bench.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Decision;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decision core under JMH: one {@link Scheduler#schedule} on a fleet already half full (five
 * placements bound per node), against the naive pipeline on the same fleet and requests. Decisions
 * are not bound here, so every iteration sees the same cluster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class SchedulerBenchmark {

    private static final int REQUESTS = 4096;

    @Param({"1000", "10000"})
    public int nodes;

    private Scheduler scheduler;
    private ClusterState state;
    private NaivePipeline naive;
    private PlacementRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        FleetGenerator fleet = new FleetGenerator(20261127L, nodes);
        scheduler = Scheduler.withDefaultProfiles();
        naive = new NaivePipeline(scheduler);
        state = ClusterState.of(fleet.nodes(), List.of());
        for (Map.Entry<String, String> a : fleet.attachments().entrySet()) {
            state.attachDevice(a.getKey(), a.getValue());
        }
        for (int i = 0; i < nodes * 5; i++) {
            PlacementRequest request = fleet.next();
            Decision d = scheduler.schedule(request, state);
            if (d.placed()) {
                Instance bound = d.bind(request.instance());
                state.upsertInstance(bound);
                fleet.placed(d.nodeName());
            }
        }
        requests = new PlacementRequest[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            requests[i] = fleet.next();
        }
    }

    @Benchmark
    public Decision schedule() {
        return scheduler.schedule(requests[next++ & (REQUESTS - 1)], state);
    }

    @Benchmark
    public String naivePipeline() {
        return naive.place(requests[next++ & (REQUESTS - 1)], state);
    }
}
