package dev.continuum.wasm.compile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.compiler.Cache;

/**
 * Endive's compile cache, used as the hook through which Continuum post-processes the classes
 * Endive generates: what Endive puts (its classes, as a jar) is rewritten by
 * {@link FlatAccessRewriter} and kept, in memory and in the {@code delegate} cache when there is
 * one; what {@link #get} returns is always the rewritten form. Endive loads the classes it has
 * just compiled itself, so the caller compiles a second time to load the rewritten ones:
 *
 * <pre>
 *   builder.withCache(cache).compile()   miss: Endive compiles, put() rewrites and stores
 *   builder.withCache(cache).compile()   hit:  get() returns the rewritten classes, loaded
 * </pre>
 *
 * A class the rewriter cannot process is kept as Endive generated it (and logged): it is slower,
 * never wrong. One instance per module compile; not shared between threads.
 */
public final class RewritingClassCache implements Cache {
    private static final Logger LOG = LoggerFactory.getLogger(RewritingClassCache.class);

    private final Cache delegate;
    private final FlatAccessRewriter rewriter;
    private final Map<String, byte[]> rewritten = new LinkedHashMap<>();

    /** {@code delegate} may be null (no disk cache); {@code rewriter} null keeps Endive's classes as they are. */
    public RewritingClassCache(Cache delegate, FlatAccessRewriter rewriter) {
        this.delegate = delegate;
        this.rewriter = rewriter;
    }

    /** True once {@link #putIfAbsent} has received freshly compiled classes. */
    public boolean compiledJustNow() {
        return !rewritten.isEmpty();
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] mine = rewritten.get(key);
        if (mine != null) {
            return mine;
        }
        return delegate == null ? null : delegate.get(key);
    }

    @Override
    public void putIfAbsent(String key, byte[] jar) throws IOException {
        byte[] result = rewriter == null ? jar : rewrite(jar);
        rewritten.put(key, result);
        if (delegate != null) {
            delegate.putIfAbsent(key, result);
        }
    }

    private byte[] rewrite(byte[] jar) throws IOException {
        var entries = read(jar);
        var classes = new LinkedHashMap<String, byte[]>();
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                classes.put(name.substring(0, name.length() - ".class".length()), bytes);
            }
        });
        var resolver = FlatAccessRewriter.resolver(classes, RewritingClassCache.class.getClassLoader());
        var growing = MemoryGrowth.growingFunctions(classes.values());
        var out = new LinkedHashMap<String, byte[]>();
        for (var entry : entries.entrySet()) {
            String name = entry.getKey();
            byte[] bytes = entry.getValue();
            if (name.endsWith(".class")) {
                try {
                    bytes = rewriter.rewrite(bytes, resolver, growing);
                } catch (RuntimeException e) {
                    LOG.warn("cannot rewrite generated class {}; keeping Endive's: {}", name, e.toString());
                }
            }
            out.put(name, bytes);
        }
        return write(out);
    }

    static Map<String, byte[]> read(byte[] jar) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var in = new JarInputStream(new ByteArrayInputStream(jar))) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
                in.closeEntry();
            }
        }
        return entries;
    }

    static byte[] write(Map<String, byte[]> entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new JarOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
