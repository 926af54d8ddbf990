package dev.continuum.agent.node;

import dev.continuum.model.Platform;
import dev.continuum.model.Quantity;
import dev.continuum.model.ResourceList;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Discovers the machine's facts: CPU architecture and operating system (in the Go/OCI names the
 * scheduler matches on), cores and physical memory. Declared {@code arch}/{@code os} win over what is
 * discovered, so that a simulation or a test can pose as another platform.
 */
public final class PlatformDiscovery {

    /** Heap kept for the agent itself (gateway, watch, logs) and not offered to workloads. */
    static final long AGENT_RESERVED_BYTES = 64L << 20;

    private PlatformDiscovery() {}

    /**
     * The facts of this machine.
     *
     * @param declaredArch overrides the discovered architecture when not null
     * @param declaredOs overrides the discovered operating system when not null
     * @param agentVersion this agent's version, reported in the platform
     */
    public static NodeFacts discover(String declaredArch, String declaredOs, String agentVersion) {
        String arch = declaredArch != null ? declaredArch : goArch(System.getProperty("os.arch", ""));
        String os = declaredOs != null ? declaredOs : goOs(System.getProperty("os.name", ""));
        String osVersion = System.getProperty("os.version");
        String jvm = System.getProperty("java.vm.vendor", "unknown vendor") + " " + Runtime.version();
        var platform = new Platform(arch, os, osVersion, jvm, agentVersion);

        int cores = Runtime.getRuntime().availableProcessors();
        long memory = physicalMemory();
        long heap = Runtime.getRuntime().maxMemory();
        long forWorkloads = Math.max(0, Math.min(memory, heap) - AGENT_RESERVED_BYTES);
        var capacity = new ResourceList(Quantity.of(cores), Quantity.ofBytes(memory));
        var allocatable = new ResourceList(Quantity.of(cores), Quantity.ofBytes(forWorkloads));
        return new NodeFacts(platform, capacity, allocatable, List.of("wasm"));
    }

    /** The machine's physical memory in bytes, or the JVM's heap limit where the OS does not tell. */
    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Java's {@code os.arch} in Go's spelling: {@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}. */
    public static String goArch(String javaArch) {
        String a = javaArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "arm32", "armv7l", "armv7", "armv6l" -> "arm";
            case "riscv64" -> "riscv64";
            case "ppc64le" -> "ppc64le";
            case "ppc64" -> "ppc64";
            case "s390x" -> "s390x";
            case "loongarch64" -> "loong64";
            case "mips64el" -> "mips64le";
            default -> a.isEmpty() ? "unknown" : a;
        };
    }

    /** Java's {@code os.name} in Go's spelling: {@code Linux} → {@code linux}, {@code Mac OS X} → {@code darwin}. */
    public static String goOs(String javaOs) {
        String o = javaOs.toLowerCase(Locale.ROOT);
        if (o.startsWith("linux")) {
            return "linux";
        }
        if (o.startsWith("mac") || o.startsWith("darwin")) {
            return "darwin";
        }
        if (o.startsWith("windows")) {
            return "windows";
        }
        if (o.startsWith("freebsd")) {
            return "freebsd";
        }
        if (o.startsWith("openbsd")) {
            return "openbsd";
        }
        if (o.startsWith("netbsd")) {
            return "netbsd";
        }
        if (o.startsWith("sunos") || o.startsWith("solaris")) {
            return "solaris";
        }
        if (o.startsWith("aix")) {
            return "aix";
        }
        return o.isEmpty() ? "unknown" : o.replace(' ', '-');
    }
}
