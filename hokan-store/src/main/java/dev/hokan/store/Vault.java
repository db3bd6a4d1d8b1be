package dev.hokan.store;

import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.chunk.Chunker;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.crypto.CryptoWarmup;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.snapshot.Manifests;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A vault: encrypted, deduplicated recovery points in one blob store. Everything needed to use it is in
 * the store itself plus the master key; the cache directory only speeds things up and can be deleted.
 * Safe for concurrent use by many threads and processes, garbage collection included.
 */
public final class Vault implements AutoCloseable {
    private final BlobStore store;
    private final VaultConfig config;
    private final VaultKeys keys;
    private final ChunkIndex index;
    private final Manifests manifests;
    private final Sessions sessions;
    private final BlobLoader loader;
    private final Chunker chunker;
    private final Clock clock;

    private Vault(BlobStore store, VaultConfig.Opened opened, Path cacheDir, Clock clock) throws IOException {
        this.store = store;
        this.config = opened.config();
        this.keys = opened.keys();
        this.clock = clock;
        this.index = ChunkIndex.open(store, keys.sealer(), cacheDir.resolve(config.vaultId()));
        this.manifests = new Manifests(store, keys.sealer());
        this.sessions = new Sessions(store);
        this.loader = new BlobLoader(store, keys, index);
        this.chunker = new Chunker(config.chunking(), keys.chunkerSeed());
    }

    public static Vault create(BlobStore store, MasterKey key, Path cacheDir) throws IOException {
        return create(store, key, cacheDir, Clock.systemUTC());
    }

    public static Vault create(BlobStore store, MasterKey key, Path cacheDir, Clock clock) throws IOException {
        return create(store, key, cacheDir, clock, ChunkerParams.DEFAULT, VaultConfig.DEFAULT_PACK_SIZE);
    }

    /** A vault with its own chunk and pack sizes; tests use small ones to exercise many packs quickly. */
    static Vault create(BlobStore store, MasterKey key, Path cacheDir, Clock clock, ChunkerParams chunking, long packSize)
            throws IOException {
        return new Vault(store, VaultConfig.create(store, key, chunking, packSize), cacheDir, clock);
    }

    /** True when the store holds a vault (its creation completed). */
    public static boolean exists(BlobStore store) throws IOException {
        return store.stat(VaultConfig.MARKER).isPresent();
    }

    public static Vault open(BlobStore store, MasterKey key, Path cacheDir) throws IOException {
        return open(store, key, cacheDir, Clock.systemUTC());
    }

    public static Vault open(BlobStore store, MasterKey key, Path cacheDir, Clock clock) throws IOException {
        return new Vault(store, VaultConfig.open(store, key), cacheDir, clock);
    }

    public String id() {
        return config.vaultId();
    }

    public BackupResult backup(BackupRequest request) throws IOException, InterruptedException {
        BackupSource source = request.source();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        try (var session = sessions.register("backup");
             WriteSession writer = startWriting()) {
            Optional<Manifest> parent = latest(request.resource());
            Tree parentRoot = parent.map(this::parentTree).orElse(null);
            Archiver.Result archived;
            try (Archiver archiver = new Archiver(writer, loader, chunker, keys.hasher(), request.progress(), request.finish())) {
                archived = archiver.archive(source, parentRoot, parentRoot == null ? 0 : parent.get().totalBytes());
            }
            writer.commit();
            NotReached notReached = archived.notReached();
            SnapshotStatus status = archived.problems().isEmpty() && archived.inconsistent().isEmpty()
                    && notReached == null ? SnapshotStatus.COMPLETE : SnapshotStatus.PARTIAL;
            List<FileProblem> recorded = Stream.of(archived.problems().stream(),
                    archived.inconsistent().stream().map(FileProblem::inconsistent),
                    Stream.ofNullable(notReached).map(NotReached::asProblem)).flatMap(s -> s).toList();
            Manifest manifest = new Manifest(ObjectId.random(), request.resource(), started, status, request.tags(),
                    archived.root(), parent.map(m -> m.id().hex()).orElse(""), source.location(), host(),
                    archived.files(), archived.bytes(), recorded, archived.skipped());
            manifests.write(manifest);
            BackupStats stats = new BackupStats(archived.files(), archived.bytes(), archived.unchanged(), writer.newChunks(),
                    writer.newBytes(), writer.storedBytes(), Duration.ofNanos(System.nanoTime() - startNanos));
            return new BackupResult(manifest.id().hex(), status, archived.problems(), archived.inconsistent(),
                    archived.skipped(), notReached, stats);
        }
    }

    /** A write session that respects pending garbage collection and sees the latest index. */
    WriteSession startWriting() throws IOException {
        seeCollections();
        return new WriteSession(store, keys, index, packSize());
    }

    /** Reads the packs pending collections condemned, and the latest index; a writer calls it after registering its session. */
    Set<ObjectId> seeCollections() throws IOException {
        Set<ObjectId> condemned = Set.copyOf(Condemnation.condemnedPacks(store, keys.sealer()));
        index.setCondemned(condemned);
        index.refresh();
        return condemned;
    }

    private Optional<Manifest> latest(String resource) throws IOException {
        return manifests.readable().stream().filter(m -> m.resource().equals(resource)).max(Comparator.comparing(Manifest::time));
    }

    private Tree parentTree(Manifest parent) {
        try {
            return loader.tree(parent.root());
        } catch (IOException unreadable) {
            // an unreadable parent only costs speed: everything is read again
            return null;
        }
    }

    public List<SnapshotInfo> snapshots() throws IOException {
        return manifests.readable().stream().map(Manifest::info).toList();
    }

    public SnapshotInfo snapshot(String snapshotId) throws IOException {
        return manifests.read(snapshotId).info();
    }

    /** The problems a snapshot recorded and the special files it skipped. */
    public Manifest manifest(String snapshotId) throws IOException {
        return manifests.read(snapshotId);
    }

    public RestoreResult restore(RestoreRequest request) throws IOException, InterruptedException {
        CryptoWarmup.start();
        Manifest manifest = manifests.read(request.snapshotId());
        try (var session = sessions.register("restore")) {
            index.refresh();
            return restore(manifest, request.sink(), request);
        }
    }

    private <P> RestoreResult restore(Manifest manifest, RestoreSink<P> sink, RestoreRequest request)
            throws IOException, InterruptedException {
        try (Restorer<P> restorer = new Restorer<>(loader, sink, request.progress(), manifest.totalBytes())) {
            return restorer.restore(manifest, request.paths());
        }
    }

    public void deleteSnapshot(String snapshotId) throws IOException {
        if (!manifests.delete(snapshotId)) {
            throw new NoSuchSnapshotException(snapshotId);
        }
    }

    public GcReport collectGarbage() throws IOException {
        return new GarbageCollector(this).collect();
    }

    public VerifyReport verify(boolean readData) throws IOException {
        CryptoWarmup.start();
        try (var session = sessions.register("verify")) {
            index.refresh();
            return new Verifier(this).verify(readData);
        }
    }

    /** Copies a recovery point into another vault, the same way as into a vault at another site. */
    public CopyResult copySnapshot(String snapshotId, Vault target) throws IOException, InterruptedException {
        try (CopyReceiver receiver = target.receiveCopy(id())) {
            return new CopySender().send(this, snapshotId, receiver, ProgressListener.NONE);
        }
    }

    /** This vault as the destination of a copy from the vault {@code sourceVaultId}; close it when the copy ends. */
    public CopyReceiver receiveCopy(String sourceVaultId) throws IOException {
        return receiveCopy(sourceVaultId, Map.of());
    }

    /** Receives a copy whose recovery point carries {@code ownTags} on top of the source's tags. */
    public CopyReceiver receiveCopy(String sourceVaultId, Map<String, String> ownTags) throws IOException {
        return CopyReceiver.open(this, sourceVaultId, ownTags);
    }

    long packSize() {
        return config.packSize();
    }

    BlobStore store() {
        return store;
    }

    VaultKeys keys() {
        return keys;
    }

    ChunkIndex index() {
        return index;
    }

    BlobLoader loader() {
        return loader;
    }

    Manifests manifests() {
        return manifests;
    }

    Sessions sessions() {
        return sessions;
    }

    Clock clock() {
        return clock;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
