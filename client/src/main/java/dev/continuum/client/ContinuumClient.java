package dev.continuum.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.model.DurationText;
import dev.continuum.model.Kind;
import dev.continuum.model.Resource;
import dev.continuum.model.api.ApiError;
import dev.continuum.model.api.BootstrapTokenInfo;
import dev.continuum.model.api.FunctionRoute;
import dev.continuum.model.api.JoinRequest;
import dev.continuum.model.api.JoinResponse;
import dev.continuum.model.api.RenewRequest;
import dev.continuum.model.api.UserInfo;
import dev.continuum.model.api.WhoAmI;
import dev.continuum.model.codec.ResourceCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A typed client of the Continuum REST API ({@code docs/api.md}) over {@link HttpClient}.
 *
 * <p>Every refusal is an {@link ApiException} carrying the server's {@link ApiError}; a server that
 * cannot be reached is an {@link ApiException} with code 0 and reason {@code Unreachable} that names
 * the server's URL. {@link #watch} starts a {@link Reflector}, which lists and watches on its own
 * thread and rides out disconnections; {@link #informer} keeps a cache with one.
 *
 * <p>Thread-safe; share one per server and credential. {@link #close()} stops the reflectors it
 * started.
 */
public final class ContinuumClient implements AutoCloseable {

    private final URI server;
    private final ApiPaths paths;
    private final String token;
    private final ClientOptions options;
    private final ClientTls tls;
    private volatile HttpClient http;
    private final ObjectMapper json = ResourceCodec.get().json();

    private final Set<AutoCloseable> watches = ConcurrentHashMap.newKeySet();

    private ContinuumClient(URI server, String token, ClientOptions options, ClientTls tls) {
        this.server = server;
        this.paths = new ApiPaths(server);
        this.token = token;
        this.options = options;
        this.tls = tls;
        this.http = newHttpClient();
    }

    private HttpClient newHttpClient() {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(options.connectTimeout());
        if (tls != null) {
            builder.sslContext(tls.context());
        }
        return builder.build();
    }

    /**
     * A client of the server at {@code server} (e.g. {@code http://127.0.0.1:7070}) that sends
     * {@code bearerTokenOrNull} with every request. Connects lazily: a server that is down is
     * noticed by the first request.
     */
    public static ContinuumClient connect(URI server, String bearerTokenOrNull) {
        return connect(server, bearerTokenOrNull, ClientOptions.defaults());
    }

    public static ContinuumClient connect(URI server, String bearerTokenOrNull, ClientOptions options) {
        return connect(server, bearerTokenOrNull, options, null);
    }

    /**
     * A client of an {@code https://} server with {@code tls} (the cluster CA, and the caller's
     * certificate if any), sending {@code bearerTokenOrNull} with every request.
     *
     * @throws IllegalArgumentException for an {@code https} URL without TLS settings, or TLS settings
     *     for an {@code http} URL
     */
    public static ContinuumClient connect(
            URI server, String bearerTokenOrNull, ClientOptions options, ClientTls tlsOrNull) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        if (server.getScheme() == null || server.getHost() == null) {
            throw new IllegalArgumentException(
                    "the server address \"" + server + "\" is not a URL such as https://127.0.0.1:7070");
        }
        if (server.getScheme().equals("https") && tlsOrNull == null) {
            throw new IllegalArgumentException("to reach " + server + " the client needs the cluster's CA certificate"
                    + " (the control plane's ca.crt)");
        }
        if (server.getScheme().equals("http") && tlsOrNull != null) {
            throw new IllegalArgumentException(server + " is plain HTTP; use https:// to talk TLS");
        }
        String base = server.toString().replaceAll("/+$", "");
        return new ContinuumClient(URI.create(base), bearerTokenOrNull, options, tlsOrNull);
    }

    /**
     * Opens new connections from now on, with a new TLS context (so new credentials, such as a
     * renewed node certificate, are presented); requests already under way, watch streams
     * included, finish on the old ones. Thread-safe.
     */
    public void reconnect() {
        HttpClient old = http;
        http = newHttpClient();
        old.shutdown();
    }

    public URI server() {
        return server;
    }

    ClientOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ resources

    /** The object, or empty when it does not exist. {@code namespace} is ignored for cluster-scoped kinds. */
    public <T extends Resource> Optional<T> get(Class<T> type, String namespace, String name) {
        try {
            return Optional.of(decode(call("GET", paths.item(Kind.of(type), namespace, name), null), type));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every matching object of a kind, in one namespace or ({@code namespace} null) in all. */
    public <T extends Resource> ResourcePage<T> list(Class<T> type, String namespace, Selector selector) {
        URI uri = ApiPaths.withQuery(
                paths.collection(Kind.of(type), namespace), selector == null ? "" : selector.toQuery());
        JsonNode page = tree(call("GET", uri, null));
        List<T> items = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            items.add(convert(item, type));
        }
        return new ResourcePage<>(
                items, page.path("metadata").path("resourceVersion").asLong());
    }

    public <T extends Resource> ResourcePage<T> list(Class<T> type, String namespace) {
        return list(type, namespace, Selector.ALL);
    }

    /** Creates the object (its namespace defaults to {@code default}); the stored object comes back. */
    public <T extends Resource> T create(T resource) {
        return decode(call("POST", paths.collection(resource), resource), type(resource));
    }

    /**
     * Replaces labels, annotations and spec, keeping the status. A non-zero {@code resourceVersion}
     * makes it conditional: {@link ApiException#isConflict()} when the object changed meanwhile.
     */
    public <T extends Resource> T update(T resource) {
        return decode(call("PUT", paths.item(resource), resource), type(resource));
    }

    /** Replaces the status only, under the same version rule as {@link #update}. */
    public <T extends Resource> T updateStatus(T resource) {
        URI uri = ApiPaths.subresource(paths.item(resource), "status");
        return decode(call("PUT", uri, resource), type(resource));
    }

    /** Deletes the object and returns it as it was; {@link ApiException#isNotFound()} when absent. */
    public <T extends Resource> T delete(Class<T> type, String namespace, String name) {
        return delete(type, namespace, name, 0);
    }

    /** Deletes the object only while its resourceVersion is {@code resourceVersion} (0: whatever it is). */
    public <T extends Resource> T delete(Class<T> type, String namespace, String name, long resourceVersion) {
        URI uri = paths.item(Kind.of(type), namespace, name);
        if (resourceVersion != 0) {
            uri = ApiPaths.withQuery(uri, "resourceVersion=" + resourceVersion);
        }
        return decode(call("DELETE", uri, null), type);
    }

    // ------------------------------------------------------------------ nodes, logs, health

    /**
     * Joins as {@code nodeName} with a bootstrap token (sent instead of this client's own token) and
     * returns the node token to use from now on.
     */
    public JoinResponse join(String bootstrapToken, String nodeName) {
        return join(bootstrapToken, nodeName, null);
    }

    /**
     * Joins as {@code nodeName} with a bootstrap token (sent instead of this client's own token) and a
     * certificate signing request (PEM; over TLS), and returns the node's certificate; without a
     * request (a control plane without TLS) the node token.
     */
    public JoinResponse join(String bootstrapToken, String nodeName, String csrOrNull) {
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        HttpRequest.Builder request = HttpRequest.newBuilder(paths.root("/api/v1/join"))
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bootstrapToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(new JoinRequest(nodeName, csrOrNull))));
        HttpResponse<byte[]> answer = send(request, HttpResponse.BodyHandlers.ofByteArray());
        return decode(check(answer, answer.body()), JoinResponse.class);
    }

    /** A new certificate for the key of {@code csr} (PEM), authenticated by this client's current one. */
    public JoinResponse renew(String csr) {
        return decode(call("POST", paths.root("/api/v1/renew"), new RenewRequest(csr)), JoinResponse.class);
    }

    /**
     * Where function {@code component} of {@code application} runs: its type and the gateway
     * addresses of its Running copies. {@link ApiException#isNotFound()} when there is no such
     * application or component ({@link ApiError#field()} says which).
     */
    public FunctionRoute functionRoute(String namespace, String application, String component) {
        URI uri = paths.root("/api/v1/namespaces/" + ApiPaths.segment(namespace) + "/functions/"
                + ApiPaths.segment(application) + "/" + ApiPaths.segment(component));
        return decode(call("GET", uri, null), FunctionRoute.class);
    }

    /** Who the server takes this client for. */
    public WhoAmI whoami() {
        return decode(call("GET", paths.root("/api/v1/whoami"), null), WhoAmI.class);
    }

    // ------------------------------------------------------------------ administration

    /** A single-use bootstrap token for one node to join with, valid for {@code ttl}; its secret is here only. */
    public BootstrapTokenInfo createBootstrapToken(Duration ttl, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttl", DurationText.format(ttl));
        if (description != null) {
            body.put("description", description);
        }
        return decode(call("POST", paths.root("/api/v1/bootstraptokens"), body), BootstrapTokenInfo.class);
    }

    public List<BootstrapTokenInfo> listBootstrapTokens() {
        return items(call("GET", paths.root("/api/v1/bootstraptokens"), null), BootstrapTokenInfo.class);
    }

    public void deleteBootstrapToken(String id) {
        call("DELETE", paths.root("/api/v1/bootstraptokens/" + ApiPaths.segment(id)), null);
    }

    /** Creates a user with a role per namespace; the answer carries their token, once. */
    public UserInfo createUser(String name, boolean clusterAdmin, Map<String, String> roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("clusterAdmin", clusterAdmin);
        body.put("roles", roles);
        return decode(call("POST", paths.root("/api/v1/users"), body), UserInfo.class);
    }

    /** Replaces a user's cluster-admin flag and roles; their token stays. */
    public UserInfo updateUser(String name, boolean clusterAdmin, Map<String, String> roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusterAdmin", clusterAdmin);
        body.put("roles", roles);
        return decode(call("PUT", paths.root("/api/v1/users/" + ApiPaths.segment(name)), body), UserInfo.class);
    }

    /** A new token for the user; their old one stops working. */
    public UserInfo rotateUserToken(String name) {
        return decode(
                call("POST", paths.root("/api/v1/users/" + ApiPaths.segment(name) + "/token"), null), UserInfo.class);
    }

    public List<UserInfo> listUsers() {
        return items(call("GET", paths.root("/api/v1/users"), null), UserInfo.class);
    }

    public void deleteUser(String name) {
        call("DELETE", paths.root("/api/v1/users/" + ApiPaths.segment(name)), null);
    }

    /** Revokes a node's certificates (and token): it must join again with a new bootstrap token. */
    public void revokeNode(String name) {
        call("DELETE", paths.root("/api/v1/nodes/" + ApiPaths.segment(name) + "/credentials"), null);
    }

    private <T> List<T> items(byte[] body, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode item : tree(body).path("items")) {
            out.add(convert(item, type));
        }
        return out;
    }

    /**
     * The logs of an Instance as they come from its node, through the control plane. With {@code
     * follow} the stream stays open and grows; close it to stop.
     */
    public InputStream logs(String namespace, String instance, boolean follow, Integer tailLines) {
        URI uri = ApiPaths.subresource(paths.item(Kind.INSTANCE, namespace, instance), "log");
        uri = ApiPaths.withQuery(uri, "follow=" + follow + (tailLines == null ? "" : "&tailLines=" + tailLines));
        HttpRequest.Builder request = request(uri).GET();
        HttpResponse<InputStream> answer = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() / 100 == 2) {
            return answer.body();
        }
        try (InputStream body = answer.body()) {
            throw ApiException.fromAnswer(answer.statusCode(), body.readAllBytes(), "GET " + uri.getPath());
        } catch (IOException e) {
            throw ApiException.unreachable(server, "the answer broke off: " + e.getMessage(), e);
        }
    }

    /** True when {@code /healthz} answers 200; false when it answers otherwise or not at all. */
    public boolean healthy() {
        return probe("/healthz");
    }

    /** True when {@code /readyz} answers 200: the control plane is up and its store answers. */
    public boolean ready() {
        return probe("/readyz");
    }

    private boolean probe(String path) {
        try {
            HttpResponse<byte[]> r = send(request(paths.root(path)).GET(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200;
        } catch (ApiException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ watch

    /**
     * Starts following a kind (in one namespace, or all when null) on a thread of its own: a full
     * snapshot first, then every change, resuming after disconnections; see {@link Reflector}. Close
     * the returned reflector (or this client) to stop.
     */
    public <T extends Resource> Reflector<T> watch(
            Class<T> type, String namespace, Selector selector, WatchHandler<T> handler) {
        Reflector<T> reflector =
                new Reflector<>(this, type, namespace, selector == null ? Selector.ALL : selector, handler);
        watches.add(reflector);
        reflector.start();
        return reflector;
    }

    /** A cache of the matching objects, kept current by a {@link Reflector}; close it to stop. */
    public <T extends Resource> Informer<T> informer(Class<T> type, String namespace, Selector selector) {
        return informer(type, namespace, selector, null);
    }

    /** As {@link #informer(Class, String, Selector)}, telling {@code listener} of each change after the cache has it. */
    public <T extends Resource> Informer<T> informer(
            Class<T> type, String namespace, Selector selector, WatchHandler<T> listener) {
        Informer<T> informer = new Informer<>(listener);
        informer.attach(watch(type, namespace, selector, informer.handler()));
        return informer;
    }

    void forget(AutoCloseable watch) {
        watches.remove(watch);
    }

    /** Opens a watch stream from {@code revision}; a non-200 answer is an {@link ApiException}. */
    <T extends Resource> LineReader openWatch(Class<T> type, String namespace, Selector selector, long revision) {
        String query = "watch=true&resourceVersion=" + revision + (selector.isEmpty() ? "" : "&" + selector.toQuery());
        URI uri = ApiPaths.withQuery(paths.collection(Kind.of(type), namespace), query);
        LineReader reader = new LineReader();
        // The server sends a watch's headers as soon as it is registered: waiting longer than a
        // silent stream would be allowed to last only delays noticing a connection nobody serves.
        Duration headers = options.requestTimeout().compareTo(options.watchIdleTimeout()) < 0
                ? options.requestTimeout()
                : options.watchIdleTimeout();
        HttpResponse<byte[]> answer = send(request(uri).timeout(headers).GET(), info -> {
            if (info.statusCode() == 200) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofPublisher(), publisher -> {
                    publisher.subscribe(reader);
                    return (byte[]) null;
                });
            }
            return HttpResponse.BodySubscribers.ofByteArray();
        });
        if (answer.statusCode() != 200) {
            throw ApiException.fromAnswer(answer.statusCode(), answer.body(), "GET " + uri.getPath());
        }
        return reader;
    }

    /**
     * Stops every reflector and informer this client started and releases its connections at once
     * (an unread log stream is cut, not waited for).
     */
    @Override
    public void close() {
        for (AutoCloseable w : List.copyOf(watches)) {
            try {
                w.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping a watch failed", e);
            }
        }
        http.shutdownNow();
    }

    // ------------------------------------------------------------------ plumbing

    private byte[] call(String method, URI uri, Object body) {
        HttpRequest.Builder request = request(uri);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(encode(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> answer = send(request, HttpResponse.BodyHandlers.ofByteArray());
        return check(answer, answer.body());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(options.requestTimeout()).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <B> HttpResponse<B> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<B> handler) {
        HttpRequest request = builder.build();
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw ApiException.unreachable(
                    server, "no connection within " + options.connectTimeout().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            long ms = request.timeout().orElse(options.requestTimeout()).toMillis();
            throw ApiException.unreachable(server, "no answer within " + ms + " ms", e);
        } catch (ConnectException e) {
            throw ApiException.unreachable(server, "connection refused (is the control plane running?)", e);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw ApiException.unreachable(server, detail, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiError.of(0, "Interrupted", "interrupted while calling " + server), e);
        }
    }

    private byte[] check(HttpResponse<?> answer, byte[] body) {
        if (answer.statusCode() / 100 == 2) {
            return body;
        }
        throw ApiException.fromAnswer(
                answer.statusCode(),
                body,
                answer.request().method() + " " + answer.uri().getPath());
    }

    private byte[] encode(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    private JsonNode tree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw malformed("an answer", e);
        }
    }

    private <T> T decode(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw malformed("a " + type.getSimpleName(), e);
        }
    }

    <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (IOException e) {
            throw malformed("a " + type.getSimpleName(), e);
        }
    }

    private ApiException malformed(String what, IOException e) {
        return new ApiException(
                ApiError.of(0, "BadResponse", server + " sent " + what + " that is not readable: " + e.getMessage()),
                e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Resource> Class<T> type(T resource) {
        return (Class<T>) resource.getClass();
    }

    @Override
    public String toString() {
        return "ContinuumClient[" + server + "]";
    }
}
