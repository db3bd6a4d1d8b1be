package dev.hokan.storage.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeldPartsTest {
    @Test
    void atTheBoundWithNoPutUnderWayTheAnswerIsNoAtOnce() throws InterruptedException {
        HeldParts parts = new HeldParts(2, Duration.ofMinutes(10));
        assertTrue(parts.hold());
        assertTrue(parts.hold());
        assertFalse(parts.hold(), "nothing under way would make room: waiting could wait on a writer that waits");
    }

    @Test
    void atTheBoundAWriterWaitsForThePartsOfAPutUnderWay() throws Exception {
        HeldParts parts = new HeldParts(2, Duration.ofMinutes(10));
        parts.hold();
        parts.hold();
        parts.sending(2);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return parts.hold();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "the writer waits while the PUT is under way");
        parts.release(2, true);
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void partsOfAPutThatEndedNoLongerCountAsUnderWay() throws InterruptedException {
        HeldParts parts = new HeldParts(2, Duration.ofSeconds(30));
        parts.hold();
        parts.hold();
        parts.sending(2);
        parts.release(2, true);
        parts.hold();
        parts.hold();
        long started = System.nanoTime();
        assertFalse(parts.hold());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10),
                "at the bound with no PUT under way the answer comes at once, not after the patience");
    }

    @Test
    void aPutThatDoesNotEndIsWaitedForNoLongerThanThePatience() throws InterruptedException {
        HeldParts parts = new HeldParts(1, Duration.ofMillis(200));
        parts.hold();
        parts.sending(1);
        long started = System.nanoTime();
        assertFalse(parts.hold());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void partsGivenBackWithoutAPutMakeRoomAgain() throws InterruptedException {
        HeldParts parts = new HeldParts(1, Duration.ofMinutes(10));
        parts.hold();
        parts.release(1, false);
        assertTrue(parts.hold());
    }
}
