package dev.continuum.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-running commands stop on SIGINT/SIGTERM: what they started closes in reverse order of
 * starting (the agent before the control plane it talks to).
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static final CountDownLatch FOREVER = new CountDownLatch(1);
    private static boolean hooked;

    private Lifecycle() {}

    static synchronized void closeOnExit(AutoCloseable resource) {
        OPEN.addFirst(resource);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Lifecycle::closeAll, "continuum-shutdown"));
        }
    }

    private static void closeAll() {
        List<AutoCloseable> copy;
        synchronized (Lifecycle.class) {
            copy = new ArrayList<>(OPEN);
            OPEN.clear();
        }
        for (AutoCloseable c : copy) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", c, e);
            }
        }
    }

    /** Blocks until the JVM is asked to exit. */
    static void awaitExit() throws InterruptedException {
        FOREVER.await();
    }
}
