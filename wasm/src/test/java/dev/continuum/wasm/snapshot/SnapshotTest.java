package dev.continuum.wasm.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.continuum.wasm.Fixtures;
import dev.continuum.wasm.LoadedModule;
import dev.continuum.wasm.WasiInvocation;
import dev.continuum.wasm.WasmEngine;
import dev.continuum.wasm.WasmEngineOptions;
import dev.continuum.wasm.WasmInstance;
import dev.continuum.wasm.capability.AbiStatus;
import dev.continuum.wasm.capability.Capabilities;
import dev.continuum.wasm.capability.LocalMessageBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    private final WasmEngine engine = new WasmEngine(WasmEngineOptions.defaults());
    private final LoadedModule counter = engine.load(Fixtures.bytes("counter.wasm"));
    private final LocalMessageBroker broker = new LocalMessageBroker();
    private final Capabilities grant = Capabilities.none().withMessaging(broker, List.of(), List.of("commands/#"));

    @AfterEach
    void close() {
        engine.close();
    }

    private WasmInstance fresh() {
        return engine.instantiate(counter, WasiInvocation.of("counter"), grant);
    }

    private static InstanceSnapshot overTheWire(InstanceSnapshot snapshot) {
        return SnapshotCodec.decode(SnapshotCodec.encode(snapshot));
    }

    @Test
    void aRestoredInstanceContinuesExactlyAsTheOriginal() {
        try (var original = fresh()) {
            CounterWorkload.drive(original, 1, 5_000);
            var snapshot = overTheWire(original.snapshot());

            try (var restored = engine.restore(counter, snapshot, WasiInvocation.of("counter"), grant)) {
                assertThat(CounterWorkload.drive(restored, 2, 2_000))
                        .isEqualTo(CounterWorkload.drive(original, 2, 2_000));
                assertThat(restored.sequence()).isEqualTo(1);
            }
            assertThat(snapshot.memoryPages()).isGreaterThan(1);
            assertThat(snapshot.globals()).as("the C stack pointer at least").isNotEmpty();
            assertThat(snapshot.tables()).as("the function table").isNotEmpty();
        }
    }

    @Test
    void incrementalSnapshotsCarryOnlyThePagesWrittenSinceThePreviousOne() {
        try (var original = fresh()) {
            CounterWorkload.drive(original, 3, 20_000);
            var full = overTheWire(original.snapshot());
            try (var copy = engine.restore(counter, full, WasiInvocation.of("counter"), grant)) {
                CounterWorkload.drive(original, 4, 10);
                var delta = overTheWire(original.snapshotDirty());

                assertThat(delta.incremental()).isTrue();
                assertThat(delta.pages().size()).isLessThan(full.pages().size()).isPositive();
                copy.apply(delta);

                assertThat(CounterWorkload.drive(copy, 5, 100)).isEqualTo(CounterWorkload.drive(original, 5, 100));
                assertThatThrownBy(() -> copy.apply(delta))
                        .as("a delta applies once, in order")
                        .hasMessageContaining("this instance is at snapshot 2");
            }
        }
    }

    @Test
    void carriesSubscriptionsAndQueuedMessagesToTheRestoredInstance() {
        try (var original = fresh()) {
            assertThat(original.call("listen").i32()).isEqualTo(AbiStatus.OK);
            broker.publish("commands/blink", "twice".getBytes(StandardCharsets.UTF_8));
            broker.publish("commands/stop", "now".getBytes(StandardCharsets.UTF_8));
            var snapshot = overTheWire(original.snapshot());
            assertThat(snapshot.host().subscriptions()).containsExactly("commands/#");
            assertThat(snapshot.host().queued()).hasSize(2);

            var otherNode = new LocalMessageBroker();
            var elsewhere = Capabilities.none().withMessaging(otherNode, List.of(), List.of("commands/#"));
            try (var restored = engine.restore(counter, snapshot, WasiInvocation.of("counter"), elsewhere)) {
                assertThat(restored.call("take").i32()).isEqualTo(AbiStatus.OK);
                assertThat(restored.call("take").i32()).isEqualTo(AbiStatus.OK);
                assertThat(restored.call("take").i32()).isEqualTo(AbiStatus.NOT_FOUND);
                otherNode.publish("commands/go", "x".getBytes(StandardCharsets.UTF_8));
                assertThat(restored.call("take").i32())
                        .as("the subscription lives on the new node")
                        .isEqualTo(AbiStatus.OK);
                assertThat(restored.call("count").i32()).isEqualTo(3);
            }
        }
    }

    @Test
    void reopensTheGuestsOpenFilesAtTheSameDescriptorsAndPositions(@TempDir Path here, @TempDir Path elsewhere)
            throws Exception {
        Files.writeString(here.resolve("input.txt"), "abcdefgh");
        try (var original =
                engine.instantiate(counter, WasiInvocation.of("counter").withPreopen("/data", here), grant)) {
            int inputFd = original.call("open_files").i32();
            assertThat(inputFd).isPositive();
            assertThat(List.of(
                            original.call("next_byte").i32(),
                            original.call("next_byte").i32()))
                    .containsExactly((int) 'a', (int) 'b');
            original.call("log_value", 1);
            var snapshot = overTheWire(original.snapshot());
            assertThat(snapshot.files())
                    .extracting(InstanceSnapshot.OpenFile::path)
                    .containsExactly("input.txt", "out.log");
            assertThat(snapshot.files().getFirst().fd()).isEqualTo(inputFd);
            assertThat(snapshot.files().getFirst().position()).isEqualTo(2);

            // The agent moves the instance's folder along with the snapshot.
            Files.copy(here.resolve("input.txt"), elsewhere.resolve("input.txt"));
            Files.copy(here.resolve("out.log"), elsewhere.resolve("out.log"));
            var there = WasiInvocation.of("counter").withPreopen("/data", elsewhere);
            try (var restored = engine.restore(counter, snapshot, there, grant)) {
                assertThat(restored.call("next_byte").i32()).isEqualTo('c');
                assertThat(original.call("next_byte").i32()).isEqualTo('c');
                restored.call("log_value", 2);
            }
            assertThat(Files.readString(elsewhere.resolve("out.log"))).isEqualTo("1\n2\n");
            assertThat(Files.readString(here.resolve("out.log"))).isEqualTo("1\n");

            var elsewhereWithoutTheFolder = WasiInvocation.of("counter");
            assertThatThrownBy(() -> engine.restore(counter, snapshot, elsewhereWithoutTheFolder, grant))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("preopened folders [/data]");
        }
    }

    @Test
    void refusesDamagedTruncatedOrForeignBytes() {
        try (var original = fresh()) {
            CounterWorkload.drive(original, 6, 100);
            byte[] encoded = SnapshotCodec.encode(original.snapshot());

            byte[] flipped = encoded.clone();
            flipped[encoded.length / 2] ^= 1;
            assertThatThrownBy(() -> SnapshotCodec.decode(flipped))
                    .isInstanceOf(SnapshotFormatException.class)
                    .hasMessageContaining("checksum");
            assertThatThrownBy(() -> SnapshotCodec.decode(java.util.Arrays.copyOf(encoded, 100)))
                    .isInstanceOf(SnapshotFormatException.class);
            assertThatThrownBy(() ->
                            SnapshotCodec.decode("not a snapshot at all, clearly".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SnapshotFormatException.class)
                    .hasMessageContaining("magic");
        }
    }

    @Test
    void refusesASnapshotOfAnotherModule() {
        try (var original = fresh()) {
            var snapshot = original.snapshot();
            var other = engine.load(Fixtures.bytes("memory.wasm"));

            assertThatThrownBy(() -> engine.restore(other, snapshot, WasiInvocation.of("x"), grant))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not " + other.digest());
        }
    }
}
