package dev.hokan.store.blob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A registry of storage backends: maps a location's URI scheme to its provider, and opens every store through the
 * retry and concurrency-limit decorators. The list of every backend Hokan has is the engine's
 * ({@code StorageBackends}), the lowest module that sees them all. A location is a URI with a scheme ({@code file:/srv/vaults/web}), or a
 * plain file system path, absolute or relative, which means the same as its {@code file:} URI.
 */
public final class StorageProviders {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final int CALLS_AT_ONCE = 64;

    private final Map<String, StorageProvider> providers;
    private final Map<String, Semaphore> permits;

    private StorageProviders(List<StorageProvider> providers) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(StorageProvider::scheme, Function.identity()));
        this.permits = providers.stream().collect(Collectors.toUnmodifiableMap(StorageProvider::scheme,
                p -> new Semaphore(CALLS_AT_ONCE)));
    }

    /** The registry of these backends. */
    public static StorageProviders of(StorageProvider... providers) {
        return new StorageProviders(List.of(providers));
    }

    /** The URI a location names. */
    public static URI uri(String location) {
        if (location.isBlank()) {
            throw new IllegalArgumentException("empty storage location");
        }
        return SCHEME.matcher(location).find() ? URI.create(location) : Path.of(location).toAbsolutePath().normalize().toUri();
    }

    /** The store at the location, decorated. */
    public BlobStore open(URI location) throws IOException {
        BlobStore store = provider(location).open(location);
        return new RetryingBlobStore(new ConcurrencyLimitedBlobStore(store, permits.get(location.getScheme())),
                ATTEMPTS, FIRST_BACKOFF);
    }

    /** Whether anything is stored at the location. */
    public boolean exists(URI location) throws IOException {
        return provider(location).exists(location);
    }

    private StorageProvider provider(URI location) {
        StorageProvider provider = providers.get(location.getScheme());
        if (provider == null) {
            throw new IllegalArgumentException("no storage backend for " + location + ": the known schemes are "
                    + String.join(", ", providers.keySet().stream().sorted().toList()));
        }
        return provider;
    }
}
