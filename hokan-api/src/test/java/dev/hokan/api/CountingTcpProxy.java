package dev.hokan.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback in front of a server, passing bytes as they are (so SigV4 signatures stay valid), that keeps
 * what clients sent: a test counts the requests of a kind in it.
 */
final class CountingTcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final StringBuilder sent = new StringBuilder();

    CountingTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many requests sent so far match {@code requestLine} (a regular expression of the whole request line). */
    int count(String requestLine) {
        Matcher m;
        synchronized (sent) {
            m = Pattern.compile("^" + requestLine + "$", Pattern.MULTILINE).matcher(sent.toString());
        }
        return (int) m.results().count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Thread.ofVirtual().start(() -> pipe(client, server, true));
                Thread.ofVirtual().start(() -> pipe(server, client, false));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean keep) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (keep) {
                    synchronized (sent) {
                        sent.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException closed) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
