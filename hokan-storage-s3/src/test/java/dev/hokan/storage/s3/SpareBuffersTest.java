package dev.hokan.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpareBuffersTest {
    private static final Duration IDLE = Duration.ofMillis(100);
    private final SpareBuffers buffers = new SpareBuffers(1024, 2, IDLE);

    @Test
    void aBufferGivenBackGoesToTheNextUserWhileAnyIsAtWork() {
        buffers.enter();
        byte[] first = buffers.take();
        assertEquals(1024, first.length);
        buffers.give(first);
        buffers.give(new byte[512]);
        assertSame(first, buffers.take());
        assertEquals(1024, buffers.take().length, "a buffer of another size is not kept");
    }

    @Test
    void theBuffersAreLetGoOfOnceNoUserHasBeenForAWhile() throws InterruptedException {
        buffers.enter();
        byte[] given = buffers.take();
        buffers.give(given);
        buffers.leave();
        Thread.sleep(5 * IDLE.toMillis());
        assertNotSame(given, buffers.take());
    }

    @Test
    void aUserComingBackBeforeTheWaitEndsKeepsTheBuffers() throws InterruptedException {
        buffers.enter();
        byte[] given = buffers.take();
        buffers.give(given);
        buffers.leave();
        buffers.enter();
        Thread.sleep(5 * IDLE.toMillis());
        assertSame(given, buffers.take());
    }
}
