package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM flags the {@code ./continuum} launcher picks per command ({@code scripts/java-opts.sh}). */
class JavaOptsScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "java-opts.sh").toAbsolutePath();

    private record Result(String flags, String err) {}

    /** Sources the script in bash with {@code env} added (a null value unsets it) and prints the command's flags. */
    private static Result flags(String command, Map<String, String> env) throws IOException, InterruptedException {
        assertThat(SCRIPT).exists();
        var pb = new ProcessBuilder(
                "bash", "-c", ". \"$1\"; continuum_java_opts \"$2\"", "bash", SCRIPT.toString(), command);
        pb.environment().remove("CONTINUUM_JAVA_OPTS");
        pb.environment().remove("CONTINUUM_AGENT_PROFILE");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new Result(out, err);
    }

    @Test
    void everyCommandGetsTheEnginesJitFlagsAndOnlyTheAgentAMemoryProfile() throws Exception {
        String up = flags("up", Map.of()).flags();
        String agent =
                flags("agent", Map.of("CONTINUUM_AGENT_PROFILE", "standard")).flags();

        assertThat(up)
                .isEqualTo(
                        "-XX:-ClipInlining -XX:MaxTrivialSize=60 -XX:-DontCompileHugeMethods -XX:MaxRecursiveInlineLevel=3");
        assertThat(agent)
                .contains("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:CompileThresholdScaling=10")
                .contains(up)
                .doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theEnginesTestsAndBenchmarkRunUnderTheLaunchersJitFlags() throws Exception {
        String jit = flags("up", Map.of()).flags();
        String wasmPom = Files.readString(Path.of("..", "wasm", "pom.xml"));
        String benchmark = Files.readString(Path.of("..", "bench", "wasm", "run-all.mjs"));

        assertThat(wasmPom).contains("-Xshare:auto " + jit + "</argLine>");
        assertThat(benchmark).contains("const jvmFlags = ['" + String.join("', '", jit.split(" ")) + "'];");
    }

    @Test
    void theSmallNodeProfileAddsTheClientCompilerOnly() throws Exception {
        String small =
                flags("agent", Map.of("CONTINUUM_AGENT_PROFILE", "small")).flags();

        assertThat(small)
                .contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:CompileThresholdScaling=30")
                .contains("-XX:+UseSerialGC", "-XX:-ClipInlining");
    }

    @Test
    void withoutAProfileTheMachinesMemoryChooses() throws Exception {
        long kb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow();

        String chosen = flags("agent", Map.of()).flags();

        if (kb <= 4L * 1024 * 1024) {
            assertThat(chosen).contains("-XX:TieredStopAtLevel=1");
        } else {
            assertThat(chosen).doesNotContain("-XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void anUnknownProfileIsNamedAndTheMemoryChooses() throws Exception {
        Result r = flags("agent", Map.of("CONTINUUM_AGENT_PROFILE", "tiny"));

        assertThat(r.err()).contains("CONTINUUM_AGENT_PROFILE=tiny is not a profile (small or standard)");
        assertThat(r.flags()).isEqualTo(flags("agent", Map.of()).flags());
    }

    @Test
    void continuumJavaOptsReplacesEveryFlagAndEmptyMeansNone() throws Exception {
        assertThat(flags("agent", Map.of("CONTINUUM_JAVA_OPTS", "-Xmx64m", "CONTINUUM_AGENT_PROFILE", "small"))
                        .flags())
                .isEqualTo("-Xmx64m");
        assertThat(flags("up", Map.of("CONTINUUM_JAVA_OPTS", "")).flags()).isEmpty();
    }
}
