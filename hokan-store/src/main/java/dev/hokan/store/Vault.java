package dev.hokan.store;

import dev.hokan.store.backup.Backup;
import dev.hokan.store.backup.BackupRequest;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.ObjectLock;
import dev.hokan.store.chunk.Chunker;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyReceiver;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.copy.CopySender;
import dev.hokan.store.crypto.CryptoWarmup;
import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.VaultKeys;
import dev.hokan.store.gc.GarbageCollector;
import dev.hokan.store.gc.GcReport;
import dev.hokan.store.gc.NeededObjects;
import dev.hokan.store.index.ChunkIndex;
import dev.hokan.store.parts.BlobLoader;
import dev.hokan.store.parts.Sessions;
import dev.hokan.store.parts.VaultConfig;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.restore.RestoreRequest;
import dev.hokan.store.restore.RestoreResult;
import dev.hokan.store.restore.RestoreSink;
import dev.hokan.store.restore.Restorer;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.snapshot.Manifests;
import dev.hokan.store.snapshot.Notes;
import dev.hokan.store.verify.RestoredCheck;
import dev.hokan.store.verify.Verifier;
import dev.hokan.store.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A vault: encrypted, deduplicated recovery points in one blob store. Everything needed to use it is in
 * the store itself plus the master key; the cache directory only speeds things up and can be deleted.
 * Safe for concurrent use by many threads and processes, garbage collection included.
 */
public final class Vault implements AutoCloseable {
    private final VaultParts parts;
    private final Chunker chunker;
    private final Notes notes;

    private Vault(BlobStore store, VaultConfig.Opened opened, Path cacheDir, Clock clock) throws IOException {
        VaultConfig config = opened.config();
        VaultKeys keys = opened.keys();
        ChunkIndex index = ChunkIndex.open(store, keys.sealer(), cacheDir.resolve(config.vaultId()));
        this.parts = new VaultParts(store, config, keys, index, new Manifests(store, keys.sealer()), new Sessions(store),
                new BlobLoader(store, keys, index), clock);
        this.chunker = new Chunker(config.chunking(), keys.chunkerSeed());
        this.notes = new Notes(store, keys.sealer());
    }

    public static Vault create(BlobStore store, KeySealer key, Path cacheDir) throws IOException {
        return create(store, key, cacheDir, Clock.systemUTC());
    }

    public static Vault create(BlobStore store, KeySealer key, Path cacheDir, Clock clock) throws IOException {
        return create(store, key, cacheDir, clock, ChunkerParams.DEFAULT, VaultConfig.DEFAULT_PACK_SIZE);
    }

    /** A vault with its own chunk and pack sizes; tests use small ones to exercise many packs quickly. */
    static Vault create(BlobStore store, KeySealer key, Path cacheDir, Clock clock, ChunkerParams chunking, long packSize)
            throws IOException {
        return new Vault(store, VaultConfig.create(store, key, chunking, packSize), cacheDir, clock);
    }

    /** True when the store holds a vault (its creation completed). */
    public static boolean exists(BlobStore store) throws IOException {
        return store.stat(VaultConfig.MARKER).isPresent();
    }

    /** The {@link KeySealer#fingerprint} of the key that seals the keys of the vault at {@code store}, if recorded. */
    public static Optional<String> sealedUnder(BlobStore store) throws IOException {
        return VaultConfig.sealedUnder(store);
    }

    /**
     * Seals the keys of the vault at {@code store} under {@code to} instead of {@code from}, as a rotation of the
     * master key does; the vault's data keeps its own keys.
     */
    public static void resealKeys(BlobStore store, KeySealer from, KeySealer to) throws IOException {
        VaultConfig.reseal(store, from, to);
    }

    public static Vault open(BlobStore store, KeySealer key, Path cacheDir) throws IOException {
        return open(store, key, cacheDir, Clock.systemUTC());
    }

    public static Vault open(BlobStore store, KeySealer key, Path cacheDir, Clock clock) throws IOException {
        return new Vault(store, VaultConfig.open(store, key), cacheDir, clock);
    }

    public String id() {
        return parts.config().vaultId();
    }

    public BackupResult backup(BackupRequest request) throws IOException, InterruptedException {
        return new Backup(parts, chunker).run(request);
    }

    /**
     * What the vault stores, each blob once however many snapshots refer to it (and until garbage collection drops
     * those none does): as its index objects say now, whichever process wrote them.
     */
    public StoredBlobs storedBlobs() throws IOException {
        parts.index().refresh();
        return parts.index().totals();
    }

    public List<SnapshotInfo> snapshots() throws IOException {
        return parts.manifests().readable().stream().map(Manifest::info).toList();
    }

    public SnapshotInfo snapshot(String snapshotId) throws IOException {
        return parts.manifests().read(snapshotId).info();
    }

    /** The problems a snapshot recorded and the special files it skipped. */
    Manifest manifest(String snapshotId) throws IOException {
        return parts.manifests().read(snapshotId);
    }

    public RestoreResult restore(RestoreRequest request) throws IOException, InterruptedException {
        CryptoWarmup.start(CryptoWarmup.Work.OPENING);
        Manifest manifest = parts.manifests().read(request.snapshotId());
        try (var session = parts.sessions().register("restore")) {
            parts.index().refresh();
            return restore(manifest, request.sink(), request);
        }
    }

    private <P> RestoreResult restore(Manifest manifest, RestoreSink<P> sink, RestoreRequest request)
            throws IOException, InterruptedException {
        try (Restorer<P> restorer = new Restorer<>(parts.loader(), sink, request.progress(), manifest.totalBytes(),
                request.resumeFrom())) {
            return restorer.restore(manifest, request.paths());
        }
    }

    public void deleteSnapshot(String snapshotId) throws IOException {
        if (!parts.manifests().delete(snapshotId)) {
            throw new NoSuchSnapshotException(snapshotId);
        }
    }

    /**
     * The keys of the objects a restore of the snapshot reads (docs/storage-engine.md): what storage-level protection
     * must keep for it.
     */
    public Set<String> objectsOf(String snapshotId) throws IOException {
        try (var session = parts.sessions().register("protect")) {
            parts.index().refresh();
            return NeededObjects.of(parts, snapshotId);
        }
    }

    /** The storage's protection against deletion, where the vault's store has it. */
    public Optional<ObjectLock> objectLock() throws IOException {
        return parts.store().objectLock();
    }

    public GcReport collectGarbage() throws IOException {
        return new GarbageCollector(parts).collect();
    }

    public VerifyReport verify(boolean readData) throws IOException {
        CryptoWarmup.start(CryptoWarmup.Work.OPENING);
        if (readData) {
            CryptoWarmup.start(CryptoWarmup.Work.SEALING);
        }
        try (var session = parts.sessions().register("verify")) {
            parts.index().refresh();
            return new Verifier(parts).verify(readData);
        }
    }

    /**
     * How a directory the snapshot was restored into differs from the snapshot's own content hashes and entries; empty
     * when it holds every entry and byte the snapshot holds ({@link RestoredCheck}).
     */
    public List<String> differences(String snapshotId, Path directory) throws IOException {
        Manifest manifest = parts.manifests().read(snapshotId);
        try (var session = parts.sessions().register("check-restore")) {
            parts.index().refresh();
            return new RestoredCheck(parts).differences(manifest, directory);
        }
    }

    /** Copies a recovery point into another vault, the same way as into a vault at another site. */
    public CopyResult copySnapshot(String snapshotId, Vault target) throws IOException, InterruptedException {
        try (CopyReceiver receiver = target.receiveCopy(id())) {
            return sendCopy(snapshotId, receiver, ProgressListener.NONE);
        }
    }

    /** Sends a recovery point to a copy destination, here or at another site; {@code progress} counts plaintext bytes sent. */
    public CopyResult sendCopy(String snapshotId, CopyDestination destination, ProgressListener progress)
            throws IOException, InterruptedException {
        return new CopySender().send(parts, snapshotId, destination, progress);
    }

    /** This vault as the destination of a copy from the vault {@code sourceVaultId}; close it when the copy ends. */
    public CopyReceiver receiveCopy(String sourceVaultId) throws IOException {
        return receiveCopy(sourceVaultId, Map.of());
    }

    /** Receives a copy whose recovery point carries {@code ownTags} on top of the source's tags. */
    public CopyReceiver receiveCopy(String sourceVaultId, Map<String, String> ownTags) throws IOException {
        return CopyReceiver.open(parts, sourceVaultId, ownTags);
    }

    /**
     * Keeps a small sealed document under {@code name} (letters, digits, '.', '_', '-'), replacing the one there in a
     * single write: what the vault's user records of its snapshots beyond their manifests.
     */
    public void putNote(String name, byte[] content) throws IOException {
        notes.put(name, content);
    }

    /** The note kept under {@code name}, if there is one. */
    public Optional<byte[]> note(String name) throws IOException {
        return notes.get(name);
    }

    /** The names of the notes the vault keeps, in no particular order. */
    public List<String> noteNames() throws IOException {
        return notes.names();
    }

    /** Deletes the note; false if there was none. */
    public boolean deleteNote(String name) throws IOException {
        return notes.delete(name);
    }

    /** The parts of this vault that its operations share; tests reach them here. */
    VaultParts parts() {
        return parts;
    }

    @Override
    public void close() throws IOException {
        parts.index().close();
    }
}
