package dev.continuum.cli;

import dev.continuum.client.ContinuumClient;
import dev.continuum.client.Selector;
import dev.continuum.model.Application;
import dev.continuum.model.Instance;
import dev.continuum.model.InstancePhase;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code continuum invoke APP/COMPONENT[/PATH][?QUERY]}: calls a function on a node that runs it and
 * prints the answer's body. Exits 1 when the function answers an error status.
 */
@Command(
        name = "invoke",
        description = "Call a function component over HTTP and print its answer.",
        footer = {
            "",
            "Examples:",
            "  continuum invoke 'hello/greet?name=edge'",
            "  continuum invoke hello/greet/items -X POST -d '{\"n\":1}' -H 'Content-Type: application/json'",
            "  continuum invoke hello/greet -d @request.json"
        })
final class InvokeCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "APP/COMPONENT[/PATH][?QUERY]")
    String target;

    @Option(
            names = {"-X", "--request"},
            paramLabel = "METHOD",
            description = "The HTTP method (default: GET, or POST with -d).")
    String method;

    @Option(
            names = {"-d", "--data"},
            paramLabel = "BODY",
            description = "The request body; @FILE reads it from a file.")
    String data;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "A request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "-i", description = "Print the status line and headers too.")
    boolean include;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            description = "The namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String path = target;
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q);
            path = path.substring(0, q);
        }
        String[] parts = path.split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "expected APP/COMPONENT[/PATH], e.g. hello/greet; got " + target);
        }
        String app = parts[0];
        String component = parts[1];
        String rest = parts.length == 3 ? "/" + parts[2] : "";
        String address;
        try (ContinuumClient client = Api.connect(server)) {
            Application application = client.get(Application.class, namespace, app)
                    .orElseThrow(() -> new CliException(
                            ExitCodes.NOT_FOUND, "no application \"" + app + "\" in namespace \"" + namespace + "\""));
            if (application.spec().component(component).isEmpty()) {
                throw new CliException(
                        ExitCodes.NOT_FOUND, "no component \"" + component + "\" in application \"" + app + "\"");
            }
            address = client
                    .list(
                            Instance.class,
                            namespace,
                            Selector.label(Instance.APPLICATION_LABEL, app)
                                    .andLabel(Instance.COMPONENT_LABEL, component))
                    .items()
                    .stream()
                    .filter(i -> i.status().phase() == InstancePhase.RUNNING
                            && i.status().address() != null)
                    .map(i -> i.status().address())
                    .findFirst()
                    .orElseThrow(() -> new CliException(
                            ExitCodes.FAILED,
                            "no running copy of " + app + "/" + component + "; see `continuum get instances`"));
        }
        URI uri = URI.create(
                address.replaceAll("/+$", "") + "/fn/" + namespace + "/" + app + "/" + component + rest + query);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (data != null) {
            body = data.startsWith("@")
                    ? HttpRequest.BodyPublishers.ofFile(Path.of(data.substring(1)))
                    : HttpRequest.BodyPublishers.ofString(data);
            if (data.startsWith("@") && !Files.isReadable(Path.of(data.substring(1)))) {
                throw new CliException(ExitCodes.USAGE, "-d " + data + ": cannot read the file");
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(2))
                .method(method != null ? method : data != null ? "POST" : "GET", body);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new CliException(ExitCodes.USAGE, "-H " + h + ": expected 'Name: value'");
            }
            request.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        HttpResponse<byte[]> response;
        try (HttpClient http = server.gatewayHttp(uri)) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach " + uri + ": " + e.getMessage());
        }
        PrintStream out = System.out;
        if (include) {
            out.println("HTTP " + response.statusCode());
            response.headers().map().forEach((k, vs) -> vs.forEach(v -> out.println(k + ": " + v)));
            out.println();
        }
        out.write(response.body());
        out.flush();
        if (response.statusCode() >= 400) {
            System.err.println("continuum: " + app + "/" + component + " answered HTTP " + response.statusCode());
            return response.statusCode() == 404 ? ExitCodes.NOT_FOUND : ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
