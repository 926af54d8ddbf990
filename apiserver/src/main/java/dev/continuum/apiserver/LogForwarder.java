package dev.continuum.apiserver;

import dev.continuum.model.Instance;
import dev.continuum.model.Kind;
import dev.continuum.model.Node;
import dev.continuum.model.NodeAddress;
import dev.continuum.store.ResourceStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../instances/{name}/log}: finds the Instance's node, asks that node's gateway for
 * {@code GET /logs/{namespace}/{name}} with the same {@code follow} and {@code tailLines}, and streams
 * its answer through as it arrives. The caller learns why when that cannot work: 404 for an Instance
 * that does not exist, 503 for one not bound yet, a node without a gateway address, or a gateway that
 * cannot be reached. Thread-safe.
 */
final class LogForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(LogForwarder.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ResourceStore store;
    private final Authorization authorization;
    private final HttpClient http;
    private final Set<InputStream> open = ConcurrentHashMap.newKeySet();

    /** @param tlsOrNull how to call gateways over HTTPS (trusting node certificates, presenting the control plane's), or null */
    LogForwarder(ResourceStore store, Authorization authorization, SSLContext tlsOrNull) {
        this.store = store;
        this.authorization = authorization;
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
        if (tlsOrNull != null) {
            builder.sslContext(tlsOrNull);
        }
        this.http = builder.build();
    }

    void handle(Context ctx) throws IOException {
        String namespace = ctx.pathParam(ResourcePath.NAMESPACE);
        String name = ctx.pathParam(ResourcePath.NAME);
        authorization.require(Authenticator.identityOf(ctx), Verb.LOGS, Kind.INSTANCE, namespace, name);
        boolean follow = QueryParams.flag(ctx, "follow");
        long tailLines = QueryParams.nonNegative(ctx, "tailLines", -1);
        String instance = namespace + "/" + name;
        Instance found = store.get(Instance.class, namespace, name)
                .orElseThrow(() -> ApiFailure.notFound("Instance " + instance + " not found"));
        if (!found.isBound()) {
            throw ApiFailure.unavailable("Instance " + instance + " is not bound to a node yet, so it has no logs;"
                    + " try again once it is scheduled");
        }
        String nodeName = found.spec().node();
        Node node = store.get(Node.class, null, nodeName)
                .orElseThrow(() -> ApiFailure.unavailable("Instance " + instance + " is bound to node " + nodeName
                        + ", which is not registered; its logs are unavailable until the node joins"));
        String gateway = node.status()
                .address(NodeAddress.GATEWAY)
                .orElseThrow(() -> ApiFailure.unavailable("node " + nodeName + " reports no " + NodeAddress.GATEWAY
                        + " address, so the logs of " + instance + " cannot be fetched; is its agent running?"));
        URI target = target(gateway, namespace, name, follow, tailLines, nodeName);
        HttpResponse<InputStream> answer = send(target, nodeName, instance);
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 404) {
                throw ApiFailure.notFound("node " + nodeName + " has no logs of Instance " + instance
                        + " (its gateway answered 404: the Instance has not run there)");
            }
            if (answer.statusCode() / 100 != 2) {
                String detail = new String(body.readNBytes(300), StandardCharsets.UTF_8).strip();
                throw ApiFailure.unavailable("the gateway of node " + nodeName + " at " + gateway + " answered "
                        + answer.statusCode() + " for the logs of " + instance
                        + (detail.isEmpty() ? "" : ": " + detail));
            }
            ctx.res().setStatus(200);
            ctx.res().setContentType(answer.headers().firstValue("Content-Type").orElse(ApiReply.TEXT));
            ctx.res().flushBuffer();
            copy(body, ctx.res().getOutputStream());
        }
    }

    private static URI target(
            String gateway, String namespace, String name, boolean follow, long tailLines, String nodeName) {
        String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        String query = "follow=" + follow + (tailLines >= 0 ? "&tailLines=" + tailLines : "");
        try {
            return URI.create(base + "/logs/" + encode(namespace) + "/" + encode(name) + "?" + query);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.unavailable("node " + nodeName + " reports a " + NodeAddress.GATEWAY + " address that is"
                    + " not a URL: \"" + gateway + "\"");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<InputStream> send(URI target, String nodeName, String instance) {
        HttpRequest request = HttpRequest.newBuilder(target).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ApiFailure.unavailable("the gateway of node " + nodeName + " at " + target.getScheme() + "://"
                    + target.getAuthority() + " cannot be reached for the logs of " + instance + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiFailure.unavailable("interrupted while asking node " + nodeName + " for logs");
        }
    }

    /** Copies as bytes arrive, flushing each chunk, so that a followed log shows up line by line. */
    private void copy(InputStream in, OutputStream out) {
        open.add(in);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("log stream ended: {}", e.getMessage());
        } finally {
            open.remove(in);
        }
    }

    int openStreams() {
        return open.size();
    }

    /** Ends every forwarded stream and releases the HTTP client; the server is closing. */
    void closeAll() {
        for (InputStream in : open) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing a forwarded log stream failed", e);
            }
        }
        http.shutdownNow();
    }
}
