package dev.continuum.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.continuum.store.KeyValue;
import dev.continuum.store.Listing;
import dev.continuum.store.WatchEvent;
import dev.continuum.store.WatchListener;
import dev.continuum.store.WatchStart;
import dev.continuum.store.WriteResult;
import dev.continuum.store.WriteResult.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {

    @TempDir
    Path dir;

    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(KeyValue kv) {
        return new String(kv.value(), UTF_8);
    }

    @Test
    void everyWriteGetsTheNextGlobalRevision() {
        WriteResult a = store.create("/a", b("1"));
        WriteResult b = store.create("/b", b("2"));
        WriteResult a2 = store.update("/a", b("3"), a.current().modRevision());
        assertThat(List.of(a.revision(), b.revision(), a2.revision())).containsExactly(1L, 2L, 3L);
        assertThat(a2.current().createRevision()).isEqualTo(1);
        assertThat(a2.current().modRevision()).isEqualTo(3);
        assertThat(store.revision()).isEqualTo(3);
    }

    @Test
    void createRefusesAnExistingKeyAndSaysWhatIsThere() {
        store.create("/a", b("1"));
        WriteResult again = store.create("/a", b("2"));
        assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_EXISTS);
        assertThat(s(again.current())).isEqualTo("1");
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void updateWithAStaleRevisionConflictsAndChangesNothing() {
        long rev = store.create("/a", b("1")).revision();
        store.update("/a", b("2"), rev);
        WriteResult stale = store.update("/a", b("3"), rev);
        assertThat(stale.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(s(stale.current())).isEqualTo("2");
        assertThat(s(store.get("/a").orElseThrow())).isEqualTo("2");
    }

    @Test
    void updateAndDeleteOfAMissingKeyAreNotFound() {
        assertThat(store.update("/nope", b("x"), 0).outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(store.delete("/nope", 0).outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void deleteHonoursCompareAndSwap() {
        long rev = store.create("/a", b("1")).revision();
        store.update("/a", b("2"), 0);
        assertThat(store.delete("/a", rev).outcome()).isEqualTo(Outcome.CONFLICT);
        WriteResult gone = store.delete("/a", 0);
        assertThat(gone.ok()).isTrue();
        assertThat(s(gone.current())).isEqualTo("2");
        assertThat(store.get("/a")).isEmpty();
    }

    @Test
    void listReturnsOnlyThePrefixSortedWithItsRevision() {
        store.create("/registry/apps/b", b("b"));
        store.create("/registry/apps/a", b("a"));
        store.create("/registry/appsx/c", b("c"));
        store.create("/registry/nodes/n", b("n"));
        Listing l = store.list("/registry/apps/");
        assertThat(l.items()).extracting(KeyValue::key).containsExactly("/registry/apps/a", "/registry/apps/b");
        assertThat(l.revision()).isEqualTo(4);
    }

    @Test
    void concurrentCompareAndSwapWritersLoseNoUpdate() throws Exception {
        store.create("/counter", b("0"));
        int writers = 8;
        int increments = 100;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            conflicts.add(pool.submit(() -> {
                start.await();
                int lost = 0;
                for (int i = 0; i < increments; i++) {
                    while (true) {
                        KeyValue cur = store.get("/counter").orElseThrow();
                        int next = Integer.parseInt(s(cur)) + 1;
                        if (store.update("/counter", b(Integer.toString(next)), cur.modRevision())
                                .ok()) {
                            break;
                        }
                        lost++;
                    }
                }
                return lost;
            }));
        }
        start.countDown();
        for (Future<Integer> f : conflicts) {
            f.get();
        }
        pool.shutdown();
        assertThat(s(store.get("/counter").orElseThrow())).isEqualTo(Integer.toString(writers * increments));
        assertThat(store.revision()).isEqualTo(1 + writers * increments);
    }

    @Test
    void restartKeepsEverythingAcknowledged() {
        for (int i = 0; i < 50; i++) {
            store.create("/k/" + i, b("v" + i));
        }
        store.delete("/k/7", 0);
        store.close();
        store = SqliteStateStore.open(dir.resolve("state.db"));
        assertThat(store.revision()).isEqualTo(51);
        assertThat(store.list("/k/").items()).hasSize(49);
        assertThat(s(store.get("/k/42").orElseThrow())).isEqualTo("v42");
        assertThat(store.create("/k/new", b("x")).revision()).isEqualTo(52);
    }

    @Test
    void watchReplaysHistoryThenFollowsLiveWithoutGapsOrRepeats() {
        store.create("/w/a", b("1")); // rev 1
        store.create("/w/b", b("2")); // rev 2
        store.create("/other", b("x")); // rev 3
        store.update("/w/a", b("3"), 0); // rev 4
        List<WatchEvent> seen = Collections.synchronizedList(new ArrayList<>());
        WatchStart start = store.watch("/w/", 1, seen::add);
        assertThat(start).isInstanceOf(WatchStart.Started.class);
        store.delete("/w/b", 0); // rev 5
        store.create("/w/c", b("4")); // rev 6
        await().until(() -> seen.size() == 4);
        assertThat(seen).extracting(WatchEvent::revision).containsExactly(2L, 4L, 5L, 6L);
        assertThat(seen.get(0).created()).isTrue();
        assertThat(seen.get(1).created()).isFalse();
        assertThat(seen.get(2).type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(s(seen.get(2).kv())).isEqualTo("2");
        ((WatchStart.Started) start).watch().close();
    }

    @Test
    void watchFromACompactedRevisionSaysTooOldRelist() {
        for (int i = 0; i < 10; i++) {
            store.create("/c/" + i, b("x"));
        }
        store.compact(6);
        assertThat(store.compactedRevision()).isEqualTo(6);
        WatchStart tooOld = store.watch("/c/", 3, e -> {});
        assertThat(tooOld).isInstanceOf(WatchStart.TooOld.class);
        assertThat(((WatchStart.TooOld) tooOld).message()).contains("too old").contains("list again");
        List<WatchEvent> seen = Collections.synchronizedList(new ArrayList<>());
        WatchStart ok = store.watch("/c/", 6, seen::add);
        await().until(() -> seen.size() == 4);
        ((WatchStart.Started) ok).watch().close();
        assertThat(store.list("/c/").items()).hasSize(10);
    }

    @Test
    void compactionSurvivesRestart() {
        for (int i = 0; i < 5; i++) {
            store.create("/c/" + i, b("x"));
        }
        store.compact(3);
        store.close();
        store = SqliteStateStore.open(dir.resolve("state.db"));
        assertThat(store.compactedRevision()).isEqualTo(3);
        assertThat(store.watch("/c/", 2, e -> {})).isInstanceOf(WatchStart.TooOld.class);
    }

    @Test
    void aLongReplayIsNotTakenForFallingBehind() {
        store.close();
        store = SqliteStateStore.open(dir.resolve("small.db"), new SqliteStateStore.Options(10_000, 2, 10));
        for (int i = 0; i < 50; i++) {
            store.create("/r/" + i, b("x"));
        }
        List<WatchEvent> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> cancelled = new AtomicReference<>();
        store.watch("/r/", 0, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                seen.add(event);
            }

            @Override
            public void onCancelled(String reason) {
                cancelled.set(reason);
            }
        });
        store.create("/r/live", b("x"));
        await().until(() -> seen.size() == 51);
        assertThat(cancelled.get()).isNull();
    }

    @Test
    void closingTheStoreCancelsWatches() {
        AtomicReference<String> reason = new AtomicReference<>();
        store.watch("/", 0, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {}

            @Override
            public void onCancelled(String why) {
                reason.set(why);
            }
        });
        store.close();
        await().untilAtomic(reason, org.hamcrest.Matchers.notNullValue());
        assertThat(reason.get()).contains("closed");
    }

    @Test
    void aFailingListenerDoesNotStopTheWatch() {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        store.watch("/f/", 0, e -> {
            seen.add(e.revision());
            if (e.revision() == 1) {
                throw new IllegalStateException("listener bug");
            }
        });
        store.create("/f/1", b("x"));
        store.create("/f/2", b("x"));
        await().until(() -> seen.size() == 2);
    }
}
