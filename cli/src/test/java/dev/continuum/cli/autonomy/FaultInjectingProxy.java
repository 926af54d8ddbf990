package dev.continuum.cli.autonomy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that a test puts between an agent and its control plane, and that cuts
 * the link on command:
 *
 * <ul>
 *   <li>{@link #pass()}: bytes flow both ways;
 *   <li>{@link #blackhole()}: nothing flows, nothing is refused — a partition. Open connections stay
 *       open and hold what was sent (as a network holds retransmissions); new ones are accepted and
 *       wait. Everything flows again on {@link #pass()}, unless the endpoints gave up meanwhile;
 *   <li>{@link #reset()}: every open connection is reset (RST) and new ones are reset at once, until
 *       {@link #pass()} — a host that rebooted, or a NAT that dropped its mappings.
 * </ul>
 *
 * Each connection is two pumps on virtual threads; a pump holds at most one buffer while the link is
 * cut. Thread-safe.
 */
final class FaultInjectingProxy implements AutoCloseable {

    enum Mode {
        PASS,
        BLACKHOLE,
        RESET
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private FaultInjectingProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        Thread.ofVirtual().name("proxy :" + server.getLocalPort()).start(this::accept);
    }

    /** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}, passing bytes. */
    static FaultInjectingProxy to(int targetPort) {
        try {
            ServerSocket s = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            return new FaultInjectingProxy(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The URL an agent uses to reach the control plane through this proxy (TLS passes through untouched). */
    String url() {
        return "https://127.0.0.1:" + port();
    }

    Mode mode() {
        return mode;
    }

    void pass() {
        synchronized (gate) {
            mode = Mode.PASS;
            gate.notifyAll();
        }
    }

    void blackhole() {
        synchronized (gate) {
            mode = Mode.BLACKHOLE;
        }
    }

    void reset() {
        synchronized (gate) {
            mode = Mode.RESET;
            gate.notifyAll();
        }
        for (Socket s : Set.copyOf(sockets)) {
            abort(s);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.RESET) {
                abort(client);
                continue;
            }
            sockets.add(client);
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        if (!awaitPassable()) {
            abort(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5000);
        } catch (IOException e) {
            abort(client); // the target is down: the client sees its connection reset
            closeQuietly(upstream);
            return;
        }
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
    }

    /** Copies {@code from} to {@code to}, holding each chunk while the link is cut. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPassable()) {
                    throw new SocketException("reset by the test");
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            abort(from);
            abort(to);
        }
    }

    /** Waits while the link is blackholed; false when it is reset (or the proxy closed). */
    private boolean awaitPassable() {
        synchronized (gate) {
            while (mode == Mode.BLACKHOLE && !closed) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.PASS && !closed;
        }
    }

    /** Closes with RST rather than FIN. */
    private void abort(Socket s) {
        sockets.remove(s);
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (SocketException e) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (gate) {
            gate.notifyAll();
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : Set.copyOf(sockets)) {
            abort(s);
        }
    }

    @Override
    public String toString() {
        return "proxy :" + port() + " -> " + target.getPort() + " (" + mode + ")";
    }
}
