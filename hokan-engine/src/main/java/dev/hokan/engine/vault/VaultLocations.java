package dev.hokan.engine.vault;

import dev.hokan.store.blob.StorageProviders;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a deployment keeps its vaults: the storage location under which the warm tier lies ({@code vaults/NAME}),
 * the one under which the cold tier lies ({@code vaults-cold/NAME}), both by default the data directory, and the
 * backends that open them. The home cell uses them as they are; every other cell below
 * {@code accounts/ACCOUNT/REGION/}, as its catalog lies below the data directory. A cell's logically air-gapped vaults
 * lie below {@code air-gapped/} of its locations.
 */
public record VaultLocations(StorageProviders providers, URI storage, URI coldStorage) {
    static final String AIR_GAPPED = "air-gapped/";

    public VaultLocations {
        storage = directory(storage);
        coldStorage = directory(coldStorage);
    }

    /** The locations given ({@code coldStorage} null: the same as {@code storage}), as URIs or plain paths. */
    public static VaultLocations of(StorageProviders providers, String storage, String coldStorage) {
        URI warm = StorageProviders.uri(storage);
        return new VaultLocations(providers, warm, coldStorage == null ? warm : StorageProviders.uri(coldStorage));
    }

    /** Both tiers under the data directory. */
    public static VaultLocations under(Path dataDir, StorageProviders providers) {
        return of(providers, dataDir.toString(), null);
    }

    /** The warm tier: one store, each vault under its name. */
    public URI warmTier() {
        return storage.resolve("vaults/");
    }

    public URI coldTier() {
        return coldStorage.resolve("vaults-cold/");
    }

    /**
     * Where logically air-gapped vaults lie, apart from every other vault: their own root {@code air-gapped/} below
     * each location (another prefix in the same bucket on S3, whose Object Lock then protects them too).
     */
    public VaultLocations airGapped() {
        return below(AIR_GAPPED);
    }

    /** The locations that are directories of this host, which no account may back up or restore into. */
    public List<Path> onThisHost() {
        return Stream.of(storage, coldStorage).distinct().filter(uri -> "file".equals(uri.getScheme()))
                .map(Path::of).toList();
    }

    /** The locations of a cell below the deployment's. */
    public VaultLocations below(String relative) {
        return new VaultLocations(providers, storage.resolve(relative), coldStorage.resolve(relative));
    }

    private static URI directory(URI location) {
        return location.getPath() != null && location.getPath().endsWith("/") ? location : URI.create(location + "/");
    }
}
