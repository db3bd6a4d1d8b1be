package dev.hokan.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a server: it counts the bytes going towards the server, and can cut every open
 * connection once after a given number of them, a network link dropping in the middle of a transfer.
 */
final class FlakyProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int cuts;

    FlakyProxy(URI target) throws IOException {
        this.targetPort = target.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Cuts all connections once, when {@code bytes} more have gone towards the server. */
    void cutAfter(long bytes) {
        cutAt.set(forwarded.get() + bytes);
    }

    int cuts() {
        return cuts;
    }

    /** Bytes that went through towards the server so far. */
    long forwarded() {
        return forwarded.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (towardsServer && forwarded.addAndGet(n) >= cutAt.get()) {
                    cutAt.set(Long.MAX_VALUE);
                    cuts++;
                    cutAll();
                    return;
                }
            }
        } catch (IOException e) {
            // the other direction closed the pair
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void cutAll() {
        open.forEach(FlakyProxy::closeQuietly);
        open.clear();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
