package dev.continuum.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformDiscoveryTest {

    @ParameterizedTest
    @CsvSource({
        "amd64, amd64",
        "x86_64, amd64",
        "aarch64, arm64",
        "arm64, arm64",
        "riscv64, riscv64",
        "x86, 386",
        "i686, 386",
        "arm, arm",
        "ppc64le, ppc64le",
        "s390x, s390x",
        "loongarch64, loong64",
    })
    void mapsJavaArchitecturesToGoNames(String java, String go) {
        assertThat(PlatformDiscovery.goArch(java)).isEqualTo(go);
    }

    @ParameterizedTest
    @CsvSource({
        "Linux, linux",
        "Mac OS X, darwin",
        "Windows 11, windows",
        "FreeBSD, freebsd",
        "SunOS, solaris",
    })
    void mapsJavaOperatingSystemsToGoNames(String java, String go) {
        assertThat(PlatformDiscovery.goOs(java)).isEqualTo(go);
    }

    @org.junit.jupiter.api.Test
    void declaredArchAndOsWinOverDiscoveredOnes() {
        NodeFacts facts = PlatformDiscovery.discover("riscv64", "linux", "1.2.3");

        assertThat(facts.platform().arch()).isEqualTo("riscv64");
        assertThat(facts.platform().os()).isEqualTo("linux");
        assertThat(facts.platform().agentVersion()).isEqualTo("1.2.3");
    }

    @org.junit.jupiter.api.Test
    void discoversCoresMemoryAndTheWasmRuntime() {
        NodeFacts facts = PlatformDiscovery.discover(null, null, "1.2.3");

        assertThat(facts.platform().arch()).isEqualTo(PlatformDiscovery.goArch(System.getProperty("os.arch")));
        assertThat(facts.platform().jvm()).contains(Runtime.version().toString());
        assertThat(facts.capacity().cpuMilli()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L);
        assertThat(facts.capacity().memoryBytes()).isPositive();
        assertThat(facts.allocatable().memoryBytes())
                .isPositive()
                .isLessThanOrEqualTo(facts.capacity().memoryBytes())
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(facts.runtimes()).containsExactly("wasm");
    }
}
