package dev.hokan.engine;

import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.engine.clock.ManualServiceClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The manual clock of every node sharing the directory: its time is kept in the directory's settings, moved there in
 * one transaction whichever node moves it, and followed by each node's {@link ManualServiceClock}: before each request
 * (a request sees every move committed before it arrived) and every {@link #FOLLOW_PERIOD} of real time, when a move
 * another node made is applied here too. It never goes back, restarts included, or a rehearsal months ahead would find
 * its recovery points created in the future. A node joins at the cluster's time, or moves it to its own start when that
 * is later: nodes started in different seconds held different times until the clock was first moved, and a message
 * published on the earlier one sorted before an older one from the later one.
 */
final class SharedManualClock implements AutoCloseable {
    static final Duration FOLLOW_PERIOD = Duration.ofSeconds(1);
    private static final String SETTING = "clock.manual";
    private static final Logger LOG = Logger.getLogger(SharedManualClock.class.getName());

    private final IdentityCatalog directory;
    private final ManualServiceClock clock;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hokan-clock").daemon().factory());

    SharedManualClock(IdentityCatalog directory, ManualServiceClock clock) {
        this.directory = directory;
        this.clock = clock;
        move(current -> current);
    }

    /** From now on, applies every {@link #FOLLOW_PERIOD} the moves other nodes made, then runs {@code applyDue}. */
    void followMoves(Runnable applyDue) {
        follower.scheduleWithFixedDelay(() -> {
            try {
                if (follow()) {
                    applyDue.run();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Following the cluster's manual clock failed; retried in "
                        + FOLLOW_PERIOD.toMillis() + " ms", e);
            }
        }, FOLLOW_PERIOD.toMillis(), FOLLOW_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes up the time another node moved the clock to, if later than this node's; whether it did. */
    boolean follow() {
        Optional<Instant> saved = directory.read(tx -> tx.settings().map(SETTING)).map(SharedManualClock::time);
        Instant before = clock.now();
        return saved.isPresent() && clock.catchUp(saved.get()).isAfter(before);
    }

    /** A move of the clock: from the latest time any node had moved it to, to the new time. */
    record Move(Instant from, Instant to) {
    }

    /** Moves the clock forward by {@code by} from the latest time any node moved it to. */
    Move advance(Duration by) {
        return move(current -> new ManualServiceClock(current).advance(by));
    }

    /** Sets the clock to {@code to}, refused when any node moved it past that already. */
    Move set(Instant to) {
        return move(current -> new ManualServiceClock(current).set(to));
    }

    private Move move(UnaryOperator<Instant> step) {
        Move move = directory.write(tx -> {
            Instant saved = tx.settings().map(SETTING).map(SharedManualClock::time).orElse(Instant.MIN);
            Instant current = saved.isAfter(clock.now()) ? saved : clock.now();
            Instant moved = step.apply(current);
            tx.settings().putMap(SETTING, Map.of("now", Long.toString(moved.toEpochMilli())));
            return new Move(current, moved);
        });
        clock.catchUp(move.to());
        return move;
    }

    private static Instant time(Map<String, String> setting) {
        return Instant.ofEpochMilli(Long.parseLong(setting.get("now")));
    }

    @Override
    public void close() {
        follower.shutdownNow();
    }
}
