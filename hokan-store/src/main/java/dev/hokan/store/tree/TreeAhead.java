package dev.hokan.store.tree;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * A tree read ahead on other threads while a walk goes on with what it has. The walk never waits behind a queue:
 * asked for a tree no thread has started reading yet, it reads it itself.
 */
public final class TreeAhead {
    private final FutureTask<Tree> reading;

    public TreeAhead(Callable<Tree> read, Executor threads) {
        this.reading = new FutureTask<>(read);
        threads.execute(reading);
    }

    public Tree get() throws IOException, InterruptedException {
        reading.run();
        try {
            return reading.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IOException("reading a tree failed: " + cause, cause);
        }
    }
}
