package dev.continuum.cli;

import dev.continuum.wasm.ExitStatus;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.ModuleRejectedException;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a WASI program here, like {@code wasmtime run}: no cluster involved. */
@Command(
        name = "run",
        description = "Run a WASI program locally (stdin, stdout and stderr are this terminal's).",
        footer = {
            "",
            "Exits with the program's exit code, or 134 when it traps.",
            "Example: continuum run --dir .::/data tool.wasm --input /data/in.txt"
        })
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file.")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
            names = "--dir",
            paramLabel = "HOST[::GUEST]",
            description = "Give the program a host folder, at GUEST (default: the same path) (repeatable).")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the program after this long (e.g. 30s).")
    String timeout;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, module + ": cannot read: " + e.getMessage());
        }
        Map<String, Path> preopens = new LinkedHashMap<>();
        for (String d : dirs) {
            int sep = d.indexOf("::");
            Path host = Path.of(sep < 0 ? d : d.substring(0, sep));
            String guest = sep < 0 ? d : d.substring(sep + 2);
            if (!Files.isDirectory(host)) {
                throw new CliException(ExitCodes.USAGE, "--dir " + d + ": " + host + " is not a folder");
            }
            preopens.put(guest, host);
        }
        Duration deadline;
        try {
            deadline = timeout == null ? null : dev.continuum.model.DurationText.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--timeout: " + e.getMessage());
        }
        List<String> argv = new ArrayList<>();
        argv.add(module.getFileName().toString());
        argv.addAll(args);
        try (WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults())) {
            LoadedModule loaded;
            try {
                loaded = engine.load(bytes);
            } catch (ModuleRejectedException e) {
                throw new CliException(ExitCodes.USAGE, module + ": " + e.getMessage());
            }
            ExitStatus status = engine.run(
                    loaded, new WasiInvocation(argv, env, System.in, System.out, System.err, preopens, deadline));
            System.out.flush();
            if (status.trap() != null) {
                System.err.println("continuum: " + module.getFileName() + " stopped: " + status.trap());
                return ExitCodes.TRAPPED;
            }
            return status.code();
        }
    }
}
