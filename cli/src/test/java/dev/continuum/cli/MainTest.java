package dev.continuum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Exit codes and messages a shell user can rely on, without any server. */
class MainTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        Run r = run("get", "nodes", "--colour");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void everyCommandAnswersHelpAsItsUsageErrorsSay() {
        Run get = run("get", "--help");
        Run server = run("server", "--help");
        Run missing = run("get");
        Run version = run("server", "--version");

        assertThat(get.code()).isZero();
        assertThat(get.out()).contains("Usage: continuum get");
        assertThat(server.code()).isZero();
        assertThat(server.out()).contains("Usage: continuum server");
        assertThat(missing.err()).contains("Run 'continuum get --help' for usage.");
        assertThat(version.out()).startsWith("continuum ");
    }

    @Test
    void theAgentCommandBuiltAloneReadsAsPartOfContinuum() {
        Run help = run("agent", "--help");
        Run wrong = run("agent", "--server", "https://cp:7070", "--colour");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: continuum agent").contains("--server");
        assertThat(wrong.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err())
                .contains("Unknown option: '--colour'")
                .contains("Run 'continuum agent --help' for usage.");
        assertThat(run("agent", "--version").out()).startsWith("continuum ");
    }

    @Test
    void anUnknownKindIsAUsageError() {
        Run r = run("get", "gizmos");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown kind \"gizmos\"");
    }

    @Test
    void anUnreachableServerSaysSoAndHowToStartOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("get", "nodes", "--server", "http://127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("127.0.0.1:" + port).contains("continuum up");
    }

    @Test
    void runExecutesAWasiProgramLocally() {
        Path hello = Path.of("..", "examples", "hello", "hello.wasm");
        Run r = run("run", "--env", "QUERY_STRING=name=local", hello.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Hello, local!");
    }

    @Test
    void runRefusesAFileThatIsNotWebAssembly() {
        Run r = run("run", "pom.xml");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("pom.xml");
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("up", "server", "agent", "apply", "get", "logs", "invoke", "run");
    }
}
