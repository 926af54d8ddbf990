package dev.continuum.agent.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.continuum.agent.Fixtures;
import dev.continuum.agent.local.LocalStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleFetcherTest {

    @TempDir
    Path dir;

    private HttpServer http;
    private final AtomicInteger downloads = new AtomicInteger();
    private ModuleFetcher fetcher;
    private LocalStore store;
    private byte[] module;

    @BeforeEach
    void setUp() throws IOException {
        module = Fixtures.bytes("exit.wasm");
        store = LocalStore.open(dir.resolve("local/agent.db"), Clock.systemUTC());
        fetcher = new ModuleFetcher(new ModuleCache(store), 1 << 20, Duration.ofSeconds(10));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/exit.wasm", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, module.length);
            exchange.getResponseBody().write(module);
            exchange.close();
        });
        http.createContext("/missing.wasm", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void tearDown() {
        http.stop(0);
        store.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    @Test
    void readsFileUrlsAndBareAbsolutePaths() throws IOException {
        Path file = dir.resolve("exit.wasm");
        Files.write(file, module);

        var viaUrl = fetcher.fetch(file.toUri().toString(), null);
        var viaPath = fetcher.fetch(file.toString(), null);
        var viaShortUrl = fetcher.fetch("file:" + file, null);

        assertThat(viaUrl)
                .isInstanceOfSatisfying(
                        FetchResult.Fetched.class, f -> assertThat(f.bytes()).isEqualTo(module));
        assertThat(viaPath).isInstanceOf(FetchResult.Fetched.class);
        assertThat(viaShortUrl).isInstanceOf(FetchResult.Fetched.class);
    }

    @Test
    void downloadsOverHttpFromLoopback() {
        var result = fetcher.fetch(url("/exit.wasm"), ModuleCache.digestOf(module));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Fetched.class, f -> {
            assertThat(f.bytes()).isEqualTo(module);
            assertThat(f.digest()).isEqualTo(ModuleCache.digestOf(module));
            assertThat(f.cached()).isFalse();
        });
    }

    @Test
    void aPinnedDigestIsServedFromTheCacheWithoutTheSource() {
        String digest = ModuleCache.digestOf(module);
        fetcher.fetch(url("/exit.wasm"), digest);
        http.stop(0);

        var again = fetcher.fetch(url("/exit.wasm"), digest);

        assertThat(again)
                .isInstanceOfSatisfying(
                        FetchResult.Fetched.class, f -> assertThat(f.cached()).isTrue());
        assertThat(downloads).hasValue(1);
    }

    @Test
    void aDigestMismatchFailsForGoodNamingBothDigests() {
        String pinned = "sha256:" + "0".repeat(64);

        var result = fetcher.fetch(url("/exit.wasm"), pinned);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FetchResult.DIGEST_MISMATCH);
            assertThat(f.message()).contains(pinned).contains(ModuleCache.digestOf(module));
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    void aMissingFileIsARetryableFetchFailureNamingThePath() {
        Path absent = dir.resolve("absent.wasm");

        var result = fetcher.fetch(absent.toUri().toString(), null);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FetchResult.FETCH_FAILED);
            assertThat(f.message()).contains(absent.toString());
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void anHttpErrorIsARetryableFetchFailure() {
        var result = fetcher.fetch(url("/missing.wasm"), null);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FetchResult.FETCH_FAILED);
            assertThat(f.message()).contains("404");
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void anUnreachableServerIsARetryableFetchFailure() {
        int port = http.getAddress().getPort();
        http.stop(0);

        var result = fetcher.fetch("http://127.0.0.1:" + port + "/exit.wasm", null);

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FetchResult.FETCH_FAILED);
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void refusesSourcesItCannotFetch() {
        assertThat(fetcher.fetch("oci://registry.local/app:1", null))
                .isInstanceOfSatisfying(FetchResult.Failed.class, f -> {
                    assertThat(f.reason()).isEqualTo(FetchResult.UNSUPPORTED_SOURCE);
                    assertThat(f.message()).contains("oci:");
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(fetcher.fetch("file:relative/app.wasm", null))
                .isInstanceOfSatisfying(
                        FetchResult.Failed.class, f -> assertThat(f.message()).contains("absolute"));
        assertThat(fetcher.fetch("http://example.com/app.wasm", null))
                .isInstanceOfSatisfying(
                        FetchResult.Failed.class, f -> assertThat(f.message()).contains("https"));
    }

    @Test
    void aCorruptCacheEntryIsIgnoredAndFetchedAgain() throws IOException {
        String digest = ModuleCache.digestOf(module);
        fetcher.fetch(url("/exit.wasm"), digest);
        store.transaction(c -> {
            try (var ps = c.prepareStatement("UPDATE modules SET bytes = ? WHERE digest = ?")) {
                ps.setBytes(1, new byte[] {1, 2, 3});
                ps.setString(2, digest);
                return ps.executeUpdate();
            }
        });

        var again = fetcher.fetch(url("/exit.wasm"), digest);

        assertThat(again)
                .isInstanceOfSatisfying(
                        FetchResult.Fetched.class, f -> assertThat(f.cached()).isFalse());
        assertThat(downloads).hasValue(2);
    }

    @Test
    void anUnpinnedModuleFallsBackToItsLastCopyWhileItsSourceIsUnreachable() {
        fetcher.fetch(url("/exit.wasm"), null);
        String source = url("/exit.wasm");
        http.stop(0);

        var offline = fetcher.fetch(source, null);

        assertThat(offline).isInstanceOfSatisfying(FetchResult.Fetched.class, f -> {
            assertThat(f.cached()).isTrue();
            assertThat(f.bytes()).isEqualTo(module);
        });
    }

    @Test
    void anHttpErrorWithoutAnEarlierCopyStaysAFailure() {
        var result = fetcher.fetch(url("/missing.wasm"), null);

        assertThat(result).isInstanceOf(FetchResult.Failed.class);
    }
}
