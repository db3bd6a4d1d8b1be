package dev.hokan.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a server (PostgreSQL) that a test severs, closing every open connection and
 * refusing new ones as a dead link would, then restores on the same port.
 */
final class SeverableProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    SeverableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listen(0);
        this.port = listener.getLocalPort();
    }

    int port() {
        return port;
    }

    /** Closes every connection and refuses new ones until {@link #restore}. */
    synchronized void sever() throws IOException {
        listener.close();
        open.forEach(FlakyProxy::closeQuietly);
        open.clear();
    }

    synchronized void restore() throws IOException {
        listen(port);
    }

    private void listen(int on) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
        listener = socket;
        Thread.ofVirtual().start(() -> accept(socket));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // severed, or either side closed
        } finally {
            FlakyProxy.closeQuietly(from);
            FlakyProxy.closeQuietly(to);
        }
    }

    @Override
    public void close() throws IOException {
        sever();
    }
}
