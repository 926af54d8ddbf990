package dev.continuum.cli;

import dev.continuum.agent.Agent;
import dev.continuum.agent.AgentConfigException;
import dev.continuum.agent.AgentOptions;
import dev.continuum.agent.AgentStartException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code continuum agent}: runs this machine as a node of a cluster. */
@Command(
        name = "agent",
        description = "Run the node agent: join a control plane and run what it places here.",
        footer = {
            "",
            "Example (the token and the CA hash as `continuum token create` prints them):",
            "  continuum agent --server https://cp:7070 --token 0a1b2c3d.0123... --ca-hash sha256:9f86... \\",
            "      --tier gateway --site factory-3 --label line=4"
        })
final class AgentCommand implements Callable<Integer> {

    @Option(
            names = {"-s", "--server"},
            required = true,
            paramLabel = "URL",
            description = "The control plane's API.")
    String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The bootstrap token to join with (needed on the first start only, and again after the"
                    + " node's certificate expired or was revoked; each token lets one node join once).")
    String token;

    @Option(
            names = "--ca-hash",
            paramLabel = "sha256:HEX",
            description = "The cluster CA's hash, to trust the control plane on the first join over https"
                    + " (`continuum token create` prints it; the control plane prints it at start).")
    String caHash;

    @Option(
            names = "--ca-file",
            paramLabel = "FILE",
            description = "The cluster CA's certificate, instead of --ca-hash.")
    Path caFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the node keeps its credential, modules and logs (default: ~/.continuum/agent).")
    Path dataDir;

    @Option(
            names = "--gateway-host",
            paramLabel = "HOST",
            description = "Where the gateway listens (default: 0.0.0.0).")
    String gatewayHost;

    @Option(
            names = "--gateway-port",
            paramLabel = "PORT",
            description = "The gateway's port: functions and logs (default: 7080; 0 picks one).")
    Integer gatewayPort;

    @Mixin
    AgentFlags flags;

    @Override
    public Integer call() throws InterruptedException {
        AgentOptions options;
        try {
            AgentOptions.Builder b = AgentOptions.builder().server(server);
            if (token != null) {
                b.bootstrapToken(token);
            }
            if (caHash != null) {
                b.caHash(caHash);
            }
            if (caFile != null) {
                b.caFile(caFile);
            }
            if (dataDir != null) {
                b.dataDir(dataDir);
            }
            if (gatewayHost != null) {
                b.gatewayHost(gatewayHost);
            }
            if (gatewayPort != null) {
                b.gatewayPort(gatewayPort);
            }
            options = flags.apply(b).build();
        } catch (AgentConfigException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        Agent agent;
        try {
            agent = new Agent(options).start();
        } catch (AgentStartException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        Lifecycle.closeOnExit(agent);
        System.err.println("continuum: node " + agent.nodeName() + " serving functions on " + agent.gatewayAddress());
        Lifecycle.awaitExit();
        return ExitCodes.OK;
    }
}
