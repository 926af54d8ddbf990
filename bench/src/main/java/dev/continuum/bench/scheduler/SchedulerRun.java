package dev.continuum.bench.scheduler;

import dev.continuum.model.Instance;
import dev.continuum.scheduler.ClusterState;
import dev.continuum.scheduler.Decision;
import dev.continuum.scheduler.PlacementRequest;
import dev.continuum.scheduler.Scheduler;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole-scheduler run: generates fleets of 1,000 to 100,000 nodes ({@link FleetGenerator}),
 * places a stream of requests with the realistic mix on each the way the control plane does —
 * schedule, bind, record the allocation — and prints throughput and per-placement latency, beside a
 * naive pipeline (every node through every filter, every fitting node scored, no indexes, no
 * sampling) measured in the same JVM on the same fleet.
 *
 * <p>Run with a 1 GiB heap to show the 100,000-node fleet fits in it:
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar dev.continuum.bench.scheduler.SchedulerRun}.
 * Arguments: {@code [sizes, e.g. 1000,10000,100000] [placements per fleet, at most 10 per node]
 * [seed] [no-baseline]}.
 */
public final class SchedulerRun {

    private SchedulerRun() {}

    public static void main(String[] args) throws IOException {
        int[] sizes = args.length > 0
                ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 10_000, 100_000};
        int placements = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261127L;
        boolean baseline = args.length <= 3 || !args[3].equals("no-baseline");
        System.out.println(machine());
        System.out.printf(
                Locale.ROOT,
                "seed %d, %d placements per fleet, heap limit %d MiB%n%n",
                seed,
                placements,
                Runtime.getRuntime().maxMemory() >> 20);
        Scheduler scheduler = Scheduler.withDefaultProfiles();
        warmUp(scheduler, seed);
        System.out.printf(
                Locale.ROOT,
                "%-8s %-9s %10s %10s %9s %9s %9s %9s %8s %8s %9s%n",
                "nodes",
                "pipeline",
                "placed/s",
                "placed",
                "unsched",
                "p50 us",
                "p99 us",
                "p999 us",
                "max ms",
                "heap MiB",
                "vs naive");
        for (int size : sizes) {
            Result fast = run(scheduler, size, Math.min(placements, 10 * size), seed, false);
            print(size, "scheduler", fast, Double.NaN);
            if (!baseline) {
                continue;
            }
            int naivePlacements = Math.max(200, Math.min(placements, 2_000_000 / size));
            Result naive = run(scheduler, size, naivePlacements, seed, true);
            print(size, "naive", naive, Double.NaN);
            System.out.printf(
                    Locale.ROOT,
                    "%-8d %-9s %s%n",
                    size,
                    "ratio",
                    String.format(
                            Locale.ROOT,
                            "scheduler is %.1fx the naive pipeline's throughput, p99 %.1fx lower",
                            fast.perSecond() / naive.perSecond(),
                            naive.percentile(0.99) / fast.percentile(0.99)));
        }
        System.out.println();
        System.out.println("load after: " + loadAverage());
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

    private static void print(int size, String pipeline, Result r, double ratio) {
        long[] sorted = r.nanos().clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-8d %-9s %10.0f %10d %9d %9.1f %9.1f %9.1f %8.2f %8d %9s%n",
                size,
                pipeline,
                r.perSecond(),
                r.placed(),
                r.unschedulable(),
                r.percentile(0.50),
                r.percentile(0.99),
                r.percentile(0.999),
                sorted[sorted.length - 1] / 1e6,
                r.heapBytes() >> 20,
                Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.1fx", ratio));
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
