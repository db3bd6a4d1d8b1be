package dev.hokan.storage.s3;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The full parts writers hold for single PUTs, bounded across all writers. A writer at the bound waits for room only
 * while some of the held parts belong to a PUT under way: those come back whatever the other writers do, so no writer
 * waits on one that waits itself. With none under way, or once {@code patience} has passed (a PUT the client has not
 * yet given up on), it is told no and sends its object in parts.
 */
final class HeldParts {
    private final int bound;
    private final Duration patience;
    private int held;
    private int sending;

    HeldParts(int bound, Duration patience) {
        this.bound = bound;
        this.patience = patience;
    }

    /** Holds one more part, waiting for room while a PUT under way will make some; false when there is none. */
    synchronized boolean hold() throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (long left = patience.toNanos(); held == bound && sending > 0 && left > 0;
                left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (held == bound) {
            return false;
        }
        held++;
        return true;
    }

    /** {@code parts} held parts now go up in a PUT. */
    synchronized void sending(int parts) {
        sending += parts;
    }

    /** Gives back {@code parts} held parts, which were being sent or not. */
    synchronized void release(int parts, boolean wereSending) {
        held -= parts;
        if (wereSending) {
            sending -= parts;
        }
        notifyAll();
    }
}
