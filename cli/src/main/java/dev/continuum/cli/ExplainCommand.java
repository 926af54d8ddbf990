package dev.continuum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code continuum explain instance NAME}: where the scheduler would place an Instance now, and for
 * every node why it fits (its score breakdown) or which plugin rejected it and why.
 */
@Command(
        name = "explain",
        description = "Explain a placement: per node, which plugin rejected it and why, or its score breakdown.",
        footer = {"", "Example:", "  continuum explain instance hello-greet-x7k2p"})
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "instance")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "text (default), yaml or json.")
    String output;

    @Override
    public Integer call() throws InterruptedException {
        if (!Api.kind(kind).equals(dev.continuum.model.Kind.INSTANCE)) {
            throw new CliException(ExitCodes.USAGE, "only instances are explained: continuum explain instance NAME");
        }
        URI base = server.uri();
        URI uri = base.resolve("/api/v1/namespaces/" + namespace + "/instances/" + name + "/explain");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (server.token() != null) {
            request.header("Authorization", "Bearer " + server.token());
        }
        HttpResponse<String> response;
        try (HttpClient http = server.http()) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "cannot reach " + base + ": " + e.getMessage()
                            + "\n  is the control plane running? Start one with `continuum up`.");
        }
        JsonNode body;
        try {
            body = ResourceCodec.get().json().readTree(response.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the server answered HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            String message = body.path("message").asText("HTTP " + response.statusCode());
            throw new CliException(response.statusCode() == 404 ? ExitCodes.NOT_FOUND : ExitCodes.FAILED, message);
        }
        PrintWriter out = spec.commandLine().getOut();
        Output o = output == null || output.equals("text") ? null : Output.parse(output);
        if (o == Output.YAML || o == Output.JSON) {
            Output.structured(o, body, out);
        } else {
            out.println("instance: " + body.path("instance").asText());
            if (!body.path("boundTo").isMissingNode() && !body.path("boundTo").isNull()) {
                out.println("bound to: " + body.path("boundTo").asText());
            }
            out.print(body.path("text").asText());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
