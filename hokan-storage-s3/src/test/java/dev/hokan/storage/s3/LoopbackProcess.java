package dev.hokan.storage.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** A server process the tests start on a free loopback port, and wait for until it listens. */
final class LoopbackProcess {
    private static final Duration START = Duration.ofSeconds(60);

    private LoopbackProcess() {
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

    static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
