package dev.hokan.storage.s3.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** An S3 server in a process the tests start on a free loopback port, and wait for until it listens. */
abstract class LoopbackProcess implements S3Server {
    private static final Duration START = Duration.ofSeconds(60);
    private final Process process;
    private final int port;

    LoopbackProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** Waits until the process listens on the port; kills it if it ends or does not within a minute. */
    static void awaitListening(Process process, int port, String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IOException(what + " did not start on port " + port, notYet);
                }
                Thread.sleep(100);
            }
        }
    }
}
