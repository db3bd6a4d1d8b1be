package dev.hokan.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The web console: the directory its built assets are served from at {@code /console/} (none: the console's
 * sign-in still works, its pages answer 404), and how long a session lasts without a request.
 */
public record ConsoleSettings(Optional<Path> assets, Duration idleTimeout) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final ConsoleSettings NONE = new ConsoleSettings(Optional.empty(), DEFAULT_IDLE_TIMEOUT);

    public ConsoleSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("The console's idle timeout must be positive, not " + idleTimeout);
        }
    }
}
