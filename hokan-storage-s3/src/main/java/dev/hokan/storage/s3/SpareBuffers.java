package dev.hokan.storage.s3;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Buffers of one size passed from one user to the next while any is at work, and let go once none has been for a
 * while: a server that backed up an hour ago holds none of them (kept for good, they were a fixed share of an idle
 * server's heap).
 */
final class SpareBuffers {
    private final int size;
    private final BlockingQueue<byte[]> spare;
    private final Duration idle;
    private int users;
    /** Counts the times the last user left, so that only the latest wait lets the buffers go. */
    private long lastLeft;

    SpareBuffers(int size, int kept, Duration idle) {
        this.size = size;
        this.spare = new ArrayBlockingQueue<>(kept);
        this.idle = idle;
    }

    /** A spare buffer, or a new one. */
    byte[] take() {
        byte[] buffer = spare.poll();
        return buffer != null ? buffer : new byte[size];
    }

    /** Keeps a buffer of the pool's size for the next user, while few are kept. */
    void give(byte[] buffer) {
        if (buffer.length == size) {
            spare.offer(buffer);
        }
    }

    /** How many buffers are kept at the moment. */
    int kept() {
        return spare.size();
    }

    synchronized void enter() {
        users++;
    }

    synchronized void leave() {
        if (--users == 0) {
            long left = ++lastLeft;
            CompletableFuture.delayedExecutor(idle.toMillis(), TimeUnit.MILLISECONDS).execute(() -> letGoIfIdle(left));
        }
    }

    private synchronized void letGoIfIdle(long left) {
        if (users == 0 && lastLeft == left) {
            spare.clear();
        }
    }
}
