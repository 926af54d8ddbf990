package dev.continuum.agent.fetch;

import dev.continuum.agent.fetch.FetchResult.Failed;
import dev.continuum.agent.fetch.FetchResult.Fetched;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Gets a module's bytes from its URL and checks them against the pinned digest.
 *
 * <ul>
 *   <li>{@code file:/abs/path}, {@code file:///abs/path} or a bare absolute path: read from this
 *       node's disk;
 *   <li>{@code https://...}: downloaded; {@code http://...} only from a loopback host, or when the
 *       component pins a digest (which then protects the bytes);
 *   <li>anything else ({@code oci://}, relative paths) fails as {@link FetchResult#UNSUPPORTED_SOURCE}.
 * </ul>
 *
 * A pinned digest found in the {@link ModuleCache} is served from there without touching the source.
 * Fetched bytes are cached by their digest. When an unpinned source cannot be reached (a retryable
 * failure), the bytes it gave last time are served from the cache instead, so that an agent
 * restarted offline still starts its Instances. Never throws for what the source or the URL does: every
 * outcome is a {@link FetchResult}. Thread-safe.
 */
public final class ModuleFetcher {

    private final ModuleCache cache;
    /** Made on the first download: an agent whose modules are files or cached needs no client (nor the JDK's CA certificates). */
    private HttpClient http;

    private final long maxBytes;
    private final Duration timeout;

    /**
     * @param maxBytes the largest module accepted (larger downloads are cut off and fail)
     * @param timeout how long one download may take
     */
    public ModuleFetcher(ModuleCache cache, long maxBytes, Duration timeout) {
        this.cache = cache;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    /**
     * Fetches {@code url}; when {@code pinnedDigest} is not null the bytes must hash to it.
     * Blocks for the download; an interrupt ends it as a retryable failure.
     */
    public FetchResult fetch(String url, String pinnedDigest) {
        String pinned = pinnedDigest == null || pinnedDigest.isBlank() ? null : pinnedDigest.toLowerCase(Locale.ROOT);
        if (pinned != null) {
            var hit = cache.get(pinned);
            if (hit.isPresent()) {
                return new Fetched(hit.get(), pinned, true);
            }
        }
        FetchResult read = read(url, pinned != null);
        if (read instanceof Failed failed) {
            if (failed.retryable() && pinned == null) {
                var last = cache.lastDigestOf(url).flatMap(cache::get);
                if (last.isPresent()) {
                    return new Fetched(last.get(), ModuleCache.digestOf(last.get()), true);
                }
            }
            return read;
        }
        var fetched = (Fetched) read;
        if (pinned != null && !pinned.equals(fetched.digest())) {
            return new Failed(
                    FetchResult.DIGEST_MISMATCH,
                    "module " + url + " has digest " + fetched.digest() + ", but the component pins " + pinned
                            + "; publish the pinned module or update the component's digest",
                    false);
        }
        cache.put(fetched.bytes());
        cache.remember(url, fetched.digest());
        return fetched;
    }

    private FetchResult read(String url, boolean pinned) {
        if (url == null || url.isBlank()) {
            return new Failed(FetchResult.UNSUPPORTED_SOURCE, "the component names no module", false);
        }
        if (url.startsWith("/")) {
            return readFile(url, Path.of(url));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Failed(
                    FetchResult.UNSUPPORTED_SOURCE, "module \"" + url + "\" is not a URL: " + e.getReason(), false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> fileUrl(url, uri);
            case "https" -> download(url, uri);
            case "http" -> {
                if (pinned || isLoopback(uri.getHost())) {
                    yield download(url, uri);
                }
                yield new Failed(
                        FetchResult.UNSUPPORTED_SOURCE,
                        "module " + url + " uses plain http from a host that is not loopback and pins no digest;"
                                + " serve it over https: or pin its digest",
                        false);
            }
            default ->
                new Failed(
                        FetchResult.UNSUPPORTED_SOURCE,
                        "module " + url + ": this agent fetches file: and https: modules"
                                + (scheme.isEmpty() ? "" : ", not " + scheme + ":"),
                        false);
        };
    }

    private FetchResult fileUrl(String url, URI uri) {
        String path = uri.getPath();
        if (uri.isOpaque() || path == null || !path.startsWith("/")) {
            return new Failed(
                    FetchResult.UNSUPPORTED_SOURCE,
                    "module " + url + " is a relative file: path; use an absolute one, e.g. file:///srv/app.wasm",
                    false);
        }
        if (uri.getHost() != null && !uri.getHost().isEmpty() && !uri.getHost().equals("localhost")) {
            return new Failed(
                    FetchResult.UNSUPPORTED_SOURCE,
                    "module " + url + " names host " + uri.getHost() + "; file: modules are read from this node's disk",
                    false);
        }
        return readFile(url, Path.of(path));
    }

    private FetchResult readFile(String url, Path path) {
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                return new Failed(
                        FetchResult.FETCH_FAILED,
                        "module " + url + " is " + size + " bytes; the largest accepted is " + maxBytes,
                        false);
            }
            byte[] bytes = Files.readAllBytes(path);
            return new Fetched(bytes, ModuleCache.digestOf(bytes), false);
        } catch (NoSuchFileException e) {
            return new Failed(
                    FetchResult.FETCH_FAILED, "module " + url + ": no such file " + path + " on this node", true);
        } catch (AccessDeniedException e) {
            return new Failed(FetchResult.FETCH_FAILED, "module " + url + ": permission denied reading " + path, true);
        } catch (IOException e) {
            return new Failed(FetchResult.FETCH_FAILED, "module " + url + ": cannot read " + path + ": " + e, true);
        }
    }

    private FetchResult download(String url, URI uri) {
        var request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return new Failed(
                            FetchResult.FETCH_FAILED, "GET " + url + " answered HTTP " + response.statusCode(), true);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    return new Failed(
                            FetchResult.FETCH_FAILED,
                            "module " + url + " is larger than " + maxBytes + " bytes, the largest accepted",
                            false);
                }
                return new Fetched(bytes, ModuleCache.digestOf(bytes), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(FetchResult.FETCH_FAILED, "GET " + url + " was interrupted", true);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.net.ConnectException) {
                why = "connection refused";
            }
            return new Failed(FetchResult.FETCH_FAILED, "GET " + url + " failed: " + why, true);
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
