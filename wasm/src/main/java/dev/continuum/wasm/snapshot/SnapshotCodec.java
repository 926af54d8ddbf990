package dev.continuum.wasm.snapshot;

import dev.continuum.wasm.capability.CapabilityHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * The wire format of {@link InstanceSnapshot}, version {@value #VERSION}:
 *
 * <pre>
 *   "CWSN"  u16 version  u8 flags(bit0 incremental)
 *   utf moduleDigest  i64 sequence  i32 memoryPages
 *   i32 pageCount  { i32 index  65536 bytes }*
 *   i32 globalCount { i32 index  i64 low  i64 high }*
 *   i32 tableCount  { i32 size  i32 ref* }*
 *   i32 subscriptionCount { utf filter }*  i32 queuedCount { utf topic  i32 length  bytes }*
 *   i32 argCount { utf }*  i32 envCount { utf name  utf value }*
 *   i32 preopenCount { utf guestPath }*
 *   i32 fileCount { i32 fd  i32 directory  i32 dirflags  utf path  i32 oflags  i64 rightsBase
 *                   i64 rightsInheriting  i32 fdflags  i64 position }*
 *   32 bytes sha256 of everything above
 * </pre>
 * Readers refuse other magic numbers, versions they do not know, and any checksum mismatch.
 */
public final class SnapshotCodec {
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = {'C', 'W', 'S', 'N'};
    private static final int PAGE = 65536;

    private SnapshotCodec() {}

    public static byte[] encode(InstanceSnapshot snapshot) {
        try (var bytes = new ByteArrayOutputStream();
                var out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeByte(snapshot.incremental() ? 1 : 0);
            out.writeUTF(snapshot.moduleDigest());
            out.writeLong(snapshot.sequence());
            out.writeInt(snapshot.memoryPages());
            out.writeInt(snapshot.pages().size());
            for (var page : snapshot.pages().entrySet()) {
                out.writeInt(page.getKey());
                out.write(page.getValue());
            }
            out.writeInt(snapshot.globals().size());
            for (var global : snapshot.globals()) {
                out.writeInt(global.index());
                out.writeLong(global.low());
                out.writeLong(global.high());
            }
            out.writeInt(snapshot.tables().size());
            for (int[] table : snapshot.tables()) {
                out.writeInt(table.length);
                for (int ref : table) {
                    out.writeInt(ref);
                }
            }
            out.writeInt(snapshot.host().subscriptions().size());
            for (String filter : snapshot.host().subscriptions()) {
                out.writeUTF(filter);
            }
            out.writeInt(snapshot.host().queued().size());
            for (var message : snapshot.host().queued()) {
                out.writeUTF(message.topic());
                out.writeInt(message.payload().length);
                out.write(message.payload());
            }
            out.writeInt(snapshot.args().size());
            for (String arg : snapshot.args()) {
                out.writeUTF(arg);
            }
            out.writeInt(snapshot.env().size());
            for (var entry : new java.util.TreeMap<>(snapshot.env()).entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue());
            }
            out.writeInt(snapshot.preopens().size());
            for (String preopen : snapshot.preopens()) {
                out.writeUTF(preopen);
            }
            out.writeInt(snapshot.files().size());
            for (var file : snapshot.files()) {
                out.writeInt(file.fd());
                out.writeInt(file.directory());
                out.writeInt(file.dirflags());
                out.writeUTF(file.path());
                out.writeInt(file.oflags());
                out.writeLong(file.rightsBase());
                out.writeLong(file.rightsInheriting());
                out.writeInt(file.fdflags());
                out.writeLong(file.position());
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] result = Arrays.copyOf(body, body.length + 32);
            System.arraycopy(sha256(body), 0, result, body.length, 32);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /**
     * Reads a snapshot.
     *
     * @throws SnapshotFormatException when the bytes are damaged or of another format or version
     */
    public static InstanceSnapshot decode(byte[] encoded) {
        if (encoded.length < MAGIC.length + 2 + 32 || !Arrays.equals(encoded, 0, 4, MAGIC, 0, 4)) {
            throw new SnapshotFormatException("not a Continuum snapshot (bad magic number)");
        }
        byte[] body = Arrays.copyOf(encoded, encoded.length - 32);
        if (!MessageDigest.isEqual(sha256(body), Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length))) {
            throw new SnapshotFormatException(
                    "snapshot checksum mismatch: the bytes were damaged in transit or storage");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(body))) {
            in.skipNBytes(4);
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new SnapshotFormatException(
                        "snapshot format version " + version + " is not supported; this engine reads " + VERSION);
            }
            boolean incremental = (in.readByte() & 1) != 0;
            String digest = in.readUTF();
            long sequence = in.readLong();
            int memoryPages = in.readInt();
            var pages = new TreeMap<Integer, byte[]>();
            for (int i = count(in, memoryPages); i > 0; i--) {
                int index = in.readInt();
                if (index < 0 || index >= memoryPages) {
                    throw new SnapshotFormatException(
                            "page " + index + " is outside a memory of " + memoryPages + " pages");
                }
                pages.put(index, in.readNBytes(PAGE));
            }
            var globals = new ArrayList<InstanceSnapshot.GlobalValue>();
            for (int i = count(in, 1 << 20); i > 0; i--) {
                globals.add(new InstanceSnapshot.GlobalValue(in.readInt(), in.readLong(), in.readLong()));
            }
            var tables = new ArrayList<int[]>();
            for (int i = count(in, 1 << 16); i > 0; i--) {
                int[] refs = new int[count(in, 10_000_000)];
                for (int r = 0; r < refs.length; r++) {
                    refs[r] = in.readInt();
                }
                tables.add(refs);
            }
            var subscriptions = new ArrayList<String>();
            for (int i = count(in, 1 << 16); i > 0; i--) {
                subscriptions.add(in.readUTF());
            }
            var queued = new ArrayList<CapabilityHost.Message>();
            for (int i = count(in, 1 << 20); i > 0; i--) {
                String topic = in.readUTF();
                queued.add(new CapabilityHost.Message(topic, in.readNBytes(count(in, 64 << 20))));
            }
            List<String> args = new ArrayList<>();
            for (int i = count(in, 1 << 16); i > 0; i--) {
                args.add(in.readUTF());
            }
            var env = new LinkedHashMap<String, String>();
            for (int i = count(in, 1 << 16); i > 0; i--) {
                env.put(in.readUTF(), in.readUTF());
            }
            var preopens = new ArrayList<String>();
            for (int i = count(in, 1 << 16); i > 0; i--) {
                preopens.add(in.readUTF());
            }
            var files = new ArrayList<InstanceSnapshot.OpenFile>();
            for (int i = count(in, 1 << 20); i > 0; i--) {
                files.add(new InstanceSnapshot.OpenFile(
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readUTF(),
                        in.readInt(),
                        in.readLong(),
                        in.readLong(),
                        in.readInt(),
                        in.readLong()));
            }
            if (in.available() != 0) {
                throw new SnapshotFormatException("snapshot has " + in.available() + " unexpected trailing bytes");
            }
            return new InstanceSnapshot(
                    digest,
                    sequence,
                    incremental,
                    memoryPages,
                    pages,
                    globals,
                    tables,
                    new CapabilityHost.State(subscriptions, queued),
                    args,
                    env,
                    preopens,
                    files);
        } catch (EOFException e) {
            throw new SnapshotFormatException("snapshot is truncated", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SnapshotFormatException("snapshot is malformed: " + e.getMessage(), e);
        }
    }

    private static int count(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new SnapshotFormatException("snapshot count " + n + " is out of range");
        }
        return n;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
