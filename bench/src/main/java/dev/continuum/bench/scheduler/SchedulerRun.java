package dev.continuum.bench.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Decision;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The whole-scheduler run: generates fleets of 1,000 to 100,000 nodes ({@link FleetGenerator}),
 * places a stream of requests with the realistic mix on each the way the control plane does —
 * schedule, bind, record the allocation — and prints throughput and per-placement latency, beside a
 * naive pipeline (every node through every filter, every fitting node scored, no indexes, no
 * sampling) measured in the same JVM on the same fleet.
 *
 * <p>Then runs {@link SchedulerBenchmark} under JMH. Run with a 1 GiB heap, to show the
 * 100,000-node fleet fits in it:
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar dev.continuum.bench.scheduler.SchedulerRun}.
 * Options: {@code --sizes=1000,10000,100000 --placements=100000} (at most 10 per node)
 * {@code --seed=N --no-baseline --no-jmh}.
 */
public final class SchedulerRun {

    private SchedulerRun() {}

    public static void main(String[] args) throws IOException, RunnerException {
        int[] sizes = {1_000, 10_000, 100_000};
        int placements = 100_000;
        long seed = 20261127L;
        boolean baseline = true;
        boolean jmh = true;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--sizes=")) {
                sizes = Arrays.stream(value.split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
            } else if (arg.startsWith("--placements=")) {
                placements = Integer.parseInt(value);
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(value);
            } else if (arg.equals("--no-baseline")) {
                baseline = false;
            } else if (arg.equals("--no-jmh")) {
                jmh = false;
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; expected --sizes=1000,10000 --placements=N --seed=N --no-baseline --no-jmh");
            }
        }
        System.out.println(machine());
        System.out.printf(
                Locale.ROOT,
                "seed %d, up to %d placements per fleet (at most 10 per node), heap limit %d MiB%n%n",
                seed,
                placements,
                Runtime.getRuntime().maxMemory() >> 20);
        Scheduler scheduler = Scheduler.withDefaultProfiles();
        warmUp(scheduler, seed);
        System.out.printf(
                Locale.ROOT,
                "%-8s %-9s %10s %10s %9s %9s %9s %9s %8s %8s%n",
                "nodes",
                "pipeline",
                "placed/s",
                "placed",
                "unsched",
                "p50 us",
                "p99 us",
                "p999 us",
                "max ms",
                "heap MiB");
        for (int size : sizes) {
            Result fast = run(scheduler, size, Math.min(placements, 10 * size), seed, false);
            print(size, "scheduler", fast);
            if (!baseline) {
                continue;
            }
            int naivePlacements = Math.max(200, Math.min(placements, 2_000_000 / size));
            Result naive = run(scheduler, size, naivePlacements, seed, true);
            print(size, "naive", naive);
            System.out.printf(
                    Locale.ROOT,
                    "%-8d %-9s %s%n",
                    size,
                    "ratio",
                    String.format(
                            Locale.ROOT,
                            "scheduler %.1fx the naive pipeline's throughput, p50 %.1fx lower, p99 %.1fx lower",
                            fast.perSecond() / naive.perSecond(),
                            naive.percentile(0.50) / fast.percentile(0.50),
                            naive.percentile(0.99) / fast.percentile(0.99)));
        }
        System.out.println();
        System.out.println("load after the fleet runs: " + loadAverage());
        if (jmh) {
            System.out.println();
            new Runner(new OptionsBuilder()
                            .include(SchedulerBenchmark.class.getName())
                            .build())
                    .run();
            System.out.println("load after JMH: " + loadAverage());
        }
    }

    private static void warmUp(Scheduler scheduler, long seed) {
        run(scheduler, 2_000, 30_000, seed + 1, false);
        run(scheduler, 2_000, 2_000, seed + 1, true);
    }

    record Result(int placements, int placed, int unschedulable, long[] nanos, long totalNanos, long heapBytes) {
        double perSecond() {
            return placements * 1e9 / totalNanos;
        }

        double percentile(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
        }
    }

    /** Places {@code placements} requests on a fresh fleet, binding each placed one. */
    static Result run(Scheduler scheduler, int size, int placements, long seed, boolean naive) {
        FleetGenerator fleet = new FleetGenerator(seed, size);
        ClusterState state = ClusterState.of(fleet.nodes(), List.of());
        for (Map.Entry<String, String> a : fleet.attachments().entrySet()) {
            state.attachDevice(a.getKey(), a.getValue());
        }
        NaivePipeline baseline = naive ? new NaivePipeline(scheduler) : null;
        long[] nanos = new long[placements];
        int placed = 0;
        int unschedulable = 0;
        long started = System.nanoTime();
        for (int i = 0; i < placements; i++) {
            if (i % 50 == 0) {
                Map.Entry<String, String> move = fleet.move();
                state.attachDevice(move.getKey(), move.getValue());
            }
            PlacementRequest request = fleet.next();
            long t0 = System.nanoTime();
            String node;
            if (naive) {
                node = baseline.place(request, state);
            } else {
                Decision d = scheduler.schedule(request, state);
                node = d.placed() ? d.nodeName() : null;
            }
            if (node != null) {
                Instance instance = request.instance();
                state.upsertInstance(instance.withSpec(instance.spec().withNode(node)));
            }
            nanos[i] = System.nanoTime() - t0;
            if (node != null) {
                placed++;
                fleet.placed(node);
            } else {
                unschedulable++;
            }
        }
        long total = System.nanoTime() - started;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory();
        Reference.reachabilityFence(state);
        Reference.reachabilityFence(fleet);
        return new Result(placements, placed, unschedulable, nanos, total, heap);
    }

    private static void print(int size, String pipeline, Result r) {
        long[] sorted = r.nanos().clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-8d %-9s %10.0f %10d %9d %9.1f %9.1f %9.1f %8.2f %8d%n",
                size,
                pipeline,
                r.perSecond(),
                r.placed(),
                r.unschedulable(),
                r.percentile(0.50),
                r.percentile(0.99),
                r.percentile(0.999),
                sorted[sorted.length - 1] / 1e6,
                r.heapBytes() >> 20);
    }

    /** {@code nproc}, the CPU model, the JDK and the load average: what the figures ran on. */
    static String machine() throws IOException {
        String cpu = "unknown cpu";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            cpu = Files.readAllLines(info).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(cpu);
        }
        return String.format(
                Locale.ROOT,
                "machine: %d cpus (nproc), %s, %s %s (%s), load %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"),
                loadAverage());
    }

    static String loadAverage() {
        return String.format(
                Locale.ROOT,
                "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
