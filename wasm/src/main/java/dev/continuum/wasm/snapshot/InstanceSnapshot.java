package dev.continuum.wasm.snapshot;

import dev.continuum.wasm.capability.CapabilityHost;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of one instance between calls: linear memory (all non-zero pages for a full snapshot,
 * only the pages changed since the previous snapshot for an incremental one), mutable globals,
 * tables, and the host side (capability subscriptions and queued messages, the WASI arguments and
 * environment). Encoded by {@link SnapshotCodec} into a versioned, checksummed byte format that
 * another JVM restores.
 *
 * <pre>
 *   full(seq 1) -- incremental(seq 2, after 1) -- incremental(seq 3, after 2) ...
 * </pre>
 * An incremental snapshot applies only to an instance at exactly its {@code sequence - 1}.
 *
 * @param moduleDigest the module it belongs to ({@code sha256:...}); restore refuses another
 * @param sequence 1 for the first snapshot of an instance, then one more for each
 * @param incremental true when {@code pages} holds only pages changed since {@code sequence - 1}
 * @param memoryPages the memory's size in pages (0 when the module has no memory)
 * @param pages page index to its 65,536 bytes
 * @param globals every mutable global, by index
 * @param tables every table's entries (function indices, -1 for null), by table index
 * @param host what the capability host holds
 * @param args the WASI argv the instance was started with
 * @param env the WASI environment it was started with
 * @param preopens the guest paths of its preopened folders, in descriptor order (restore needs the same)
 * @param files the files and folders the guest had open, by descriptor
 */
public record InstanceSnapshot(
        String moduleDigest,
        long sequence,
        boolean incremental,
        int memoryPages,
        SortedMap<Integer, byte[]> pages,
        List<GlobalValue> globals,
        List<int[]> tables,
        CapabilityHost.State host,
        List<String> args,
        Map<String, String> env,
        List<String> preopens,
        List<OpenFile> files) {

    public InstanceSnapshot {
        Objects.requireNonNull(moduleDigest, "moduleDigest");
        pages = Collections.unmodifiableSortedMap(new TreeMap<>(pages));
        globals = List.copyOf(globals);
        tables = List.copyOf(tables);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        preopens = List.copyOf(preopens);
        files = List.copyOf(files);
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1");
        }
    }

    /**
     * A file or folder the guest opened ({@code path_open}), as it was opened, and its position.
     *
     * @param fd its descriptor number
     * @param directory the descriptor it was opened relative to (a preopen or another open folder)
     */
    public record OpenFile(
            int fd,
            int directory,
            int dirflags,
            String path,
            int oflags,
            long rightsBase,
            long rightsInheriting,
            int fdflags,
            long position) {

        /** The same opening at another descriptor number and position. */
        public OpenFile at(int newFd, long newPosition) {
            return new OpenFile(
                    newFd, directory, dirflags, path, oflags, rightsBase, rightsInheriting, fdflags, newPosition);
        }

        /** True when {@code other} was opened the same way (position aside). */
        public boolean sameOpening(OpenFile other) {
            return other != null && at(other.fd, other.position).equals(other);
        }
    }

    /** One mutable global: its index and its raw bits (v128 uses both halves). */
    public record GlobalValue(int index, long low, long high) {}

    /** Bytes of memory this snapshot carries. */
    public long memoryBytes() {
        return (long) pages.size() * 65536;
    }
}
