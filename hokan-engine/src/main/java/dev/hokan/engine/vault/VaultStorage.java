package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.ServiceException;
import dev.hokan.store.NoSuchSnapshotException;
import dev.hokan.store.ProgressListener;
import dev.hokan.store.SnapshotInfo;
import dev.hokan.store.StoredBlobs;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.blob.ObjectLock;
import dev.hokan.store.blob.StorageProviders;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyResult;
import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.MasterKey;
import dev.hokan.store.gc.GcReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The vaults of one cell, each in two tiers: the warm tier (LOCATION/vaults/NAME), which backups go to, and the cold
 * tier (COLD_LOCATION/vaults-cold/NAME), created when the first recovery point moves there; the locations are the
 * data directory unless the deployment keeps its vaults elsewhere ({@link VaultLocations}). Each tier is an ordinary
 * store-level vault, sealed under its vault's key ({@link VaultSealers}: the master key, or a KMS key), with its cache under DATA_DIR/cache/NAME or
 * DATA_DIR/cache-cold/NAME. Vaults are safe for concurrent use, so one open instance per tier is shared. Tiers are
 * storage locations opened through the storage providers; the caches are always local. Logically air-gapped vaults
 * keep both tiers apart, below {@code air-gapped/} of the same locations ({@link VaultLocations#airGapped()}); the
 * catalog says which vaults those are. What this node opened of a vault serves only the vault of its name that the
 * catalog holds at each use ({@link VaultIncarnation}): one deleted and created again, through any node of a cluster,
 * is opened anew from its storage.
 */
public final class VaultStorage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VaultStorage.class.getName());

    private final Map<StorageClass, Tier> tiers = new EnumMap<>(StorageClass.class);
    private final Map<StorageClass, Tier> airGappedTiers = new EnumMap<>(StorageClass.class);
    private final VaultSealers sealers;
    private final StorageProviders providers;
    private final Map<URI, OpenVault> open = new HashMap<>();
    private final ConcurrentMap<URI, Object> collecting = new ConcurrentHashMap<>();

    /** A tier of a vault as this node opened it, for the vault of its name created at {@code created}. */
    private record OpenVault(Instant created, Vault vault) {
    }

    /** Where one tier keeps its vaults (one store, each vault under its name) and their caches. */
    private record Tier(URI location, BlobStore vaults, Path caches) {
        URI vault(String name) {
            return location.resolve(name + "/");
        }

        Path cache(String name) {
            return caches.resolve(name);
        }
    }

    /** The ordinary vaults of a cell, each sealed under the master key, for tools that read them without its catalog. */
    public VaultStorage(Path cellDir, MasterKey key, VaultLocations locations) throws IOException {
        this(cellDir, VaultSealers.masterKeyOnly(key), locations);
    }

    public VaultStorage(Path cellDir, VaultSealers sealers, VaultLocations locations) throws IOException {
        this.providers = locations.providers();
        tiers.put(StorageClass.WARM, tier(locations.warmTier(), cellDir.resolve("cache")));
        tiers.put(StorageClass.COLD, tier(locations.coldTier(), cellDir.resolve("cache-cold")));
        airGappedTiers.put(StorageClass.WARM, tier(locations.airGapped().warmTier(), cellDir.resolve("cache")));
        airGappedTiers.put(StorageClass.COLD, tier(locations.airGapped().coldTier(), cellDir.resolve("cache-cold")));
        this.sealers = sealers;
    }

    /** Where the vault's tier lies: apart for an air-gapped vault. */
    private Tier tierOf(StorageClass tier, VaultIncarnation vault) {
        return (vault.airGapped() ? airGappedTiers : tiers).get(tier);
    }

    private Tier tier(URI location, Path caches) throws IOException {
        return new Tier(location, providers.open(location), Files.createDirectories(caches));
    }

    /** Work on one vault. */
    public interface VaultWork<T> {
        T run(Vault vault) throws IOException, InterruptedException;
    }

    /**
     * Creates the vault's storage, or adopts the vault already there: the catalog may have been lost or
     * restored from an older copy, and that must never cost the backups a vault holds. A directory without
     * a complete vault is the leftover of an interrupted creation and holds no backups.
     */
    synchronized void create(BackupVault vault, KeySealer sealer) {
        String name = vault.name();
        try {
            createOrAdopt(StorageClass.WARM, name, VaultIncarnation.of(vault), sealer);
        } catch (IOException e) {
            throw ServiceException.dependencyFailure("Cannot create the storage of vault " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private synchronized Vault createOrAdopt(StorageClass tier, String name, VaultIncarnation incarnation,
                                            KeySealer sealer) throws IOException {
        if (exists(tier, name, incarnation)) {
            return vault(tier, name, incarnation, sealer);
        }
        Tier t = tierOf(tier, incarnation);
        t.vaults().deleteAll(name + "/");
        deleteTree(t.cache(name));
        Vault created = Vault.create(providers.open(t.vault(name)), sealer, t.cache(name));
        keep(t.vault(name), new OpenVault(incarnation.created(), created));
        return created;
    }

    /** Work on the vault's warm tier, where backups go. */
    public <T> T withVault(String name, VaultWork<T> work) throws IOException, InterruptedException {
        return withVault(StorageClass.WARM, name, work);
    }

    public <T> T withVault(StorageClass tier, String name, VaultWork<T> work) throws IOException, InterruptedException {
        return work.run(vault(tier, name));
    }

    /** The vault's warm tier, open. */
    Vault warm(String name) throws IOException {
        return vault(StorageClass.WARM, name);
    }

    /**
     * Keeps {@code content} as the note {@code note} of the vault's warm tier, or deletes the note when
     * {@code content} is null; nothing when the vault has no storage. Exclusive with deleting the vault, so that no
     * note outlives its vault.
     */
    synchronized void note(String name, String note, byte[] content) throws IOException {
        VaultIncarnation incarnation = sealers.incarnation(name);
        if (!exists(StorageClass.WARM, name, incarnation)) {
            return;
        }
        Vault vault = vault(StorageClass.WARM, name, incarnation);
        if (content == null) {
            vault.deleteNote(note);
        } else {
            vault.putNote(note, content);
        }
    }

    /** The snapshots the vault's tier holds. */
    public List<SnapshotInfo> snapshots(StorageClass tier, String name) throws IOException {
        return vault(tier, name).snapshots();
    }

    /** The distinct blobs the vault stores, summed over the tiers it has a store in. */
    public StoredBlobs storedBlobs(String name) throws IOException {
        VaultIncarnation incarnation = sealers.incarnation(name);
        long blobs = 0;
        long raw = 0;
        long stored = 0;
        for (StorageClass tier : tiers.keySet()) {
            if (exists(tier, name, incarnation)) {
                StoredBlobs inTier = vault(tier, name, incarnation).storedBlobs();
                blobs += inTier.blobs();
                raw += inTier.rawBytes();
                stored += inTier.storedBytes();
            }
        }
        return new StoredBlobs(blobs, raw, stored);
    }

    /** Whether the vault has a complete store in the tier. */
    public boolean exists(StorageClass tier, String name) throws IOException {
        return exists(tier, name, sealers.incarnation(name));
    }

    private boolean exists(StorageClass tier, String name, VaultIncarnation incarnation) throws IOException {
        URI location = tierOf(tier, incarnation).vault(name);
        return providers.exists(location) && Vault.exists(providers.open(location));
    }

    /** The vaults that have a complete store in the tier. */
    public List<String> names(StorageClass tier) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : tiers.get(tier).vaults().children("")) {
            if (exists(tier, name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Copies a snapshot of the vault's warm tier into its cold tier, which is created on first use. */
    public CopyResult copyToCold(String name, String snapshotId) throws IOException, InterruptedException {
        VaultIncarnation incarnation = sealers.incarnation(name);
        Vault cold = createOrAdopt(StorageClass.COLD, name, incarnation, sealer(name, incarnation));
        return copySnapshot(StorageClass.WARM, name, snapshotId, cold);
    }

    /** Copies a snapshot of the vault's tier into {@code target}, transferring only what the target lacks. */
    CopyResult copySnapshot(StorageClass tier, String name, String snapshotId, Vault target)
            throws IOException, InterruptedException {
        return vault(tier, name).copySnapshot(snapshotId, target);
    }

    /** Sends a snapshot of the vault's tier to a copy destination, anywhere, transferring only what it lacks. */
    CopyResult send(StorageClass tier, String name, String snapshotId, CopyDestination destination)
            throws IOException, InterruptedException {
        return vault(tier, name).sendCopy(snapshotId, destination, ProgressListener.NONE);
    }

    /** The store ID of the vault's tier. */
    String vaultId(StorageClass tier, String name) throws IOException {
        return vault(tier, name).id();
    }

    /**
     * Deletes the snapshots from the vault's tier, skipping those already gone, and frees the data no other
     * snapshot there uses. A store allows one garbage collection at a time, so collections of one tier take turns.
     */
    public GcReport release(StorageClass tier, String name, Collection<String> snapshotIds) throws IOException {
        VaultIncarnation incarnation = sealers.incarnation(name);
        Vault vault = vault(tier, name, incarnation);
        synchronized (collecting.computeIfAbsent(tierOf(tier, incarnation).vault(name), dir -> new Object())) {
            for (String id : snapshotIds) {
                try {
                    vault.deleteSnapshot(id);
                } catch (NoSuchSnapshotException e) {
                    LOG.fine("Snapshot " + id + " was already gone");
                }
            }
            GcReport report = vault.collectGarbage();
            report.waitingFor().ifPresent(waiting -> LOG.info("Vault " + name + " (" + tier + "): " + waiting));
            return report;
        }
    }

    /** The protection against deletion the tier's storage has (S3 Object Lock), if any. */
    public Optional<ObjectLock> objectLock(StorageClass tier) throws IOException {
        return tiers.get(tier).vaults().objectLock();
    }

    /** The scheme of the storage backend the tier keeps its vaults on: {@code file}, {@code s3}. */
    public String scheme(StorageClass tier) {
        return tiers.get(tier).location().getScheme();
    }

    /** Where the tier keeps its vaults, for messages. */
    public String describe(StorageClass tier) {
        return tiers.get(tier).vaults().describe();
    }

    /**
     * Frees what a backup into the vault's warm tier left there when the server stopped in the middle of it: packs no
     * snapshot refers to. Collected by the store's protocol (docs/gc.md), so nothing a snapshot uses is touched.
     */
    public GcReport reclaimInterrupted(String name) throws IOException {
        return release(StorageClass.WARM, name, List.of());
    }

    /** Deletes the vault's storage in both tiers; refused while they hold recovery points, listed in the catalog or not. */
    synchronized void delete(BackupVault deleted) {
        String name = deleted.name();
        VaultIncarnation incarnation = VaultIncarnation.of(deleted);
        try {
            for (StorageClass tier : tiers.keySet()) {
                if (exists(tier, name, incarnation)) {
                    int held = vault(tier, name, incarnation).snapshots().size();
                    if (held > 0) {
                        throw ServiceException.invalidRequest("Backup vault cannot be deleted because its "
                                + (tier == StorageClass.COLD ? "cold storage" : "storage") + " still holds " + held
                                + " recovery points");
                    }
                }
            }
            for (StorageClass tier : tiers.keySet()) {
                Tier t = tierOf(tier, incarnation);
                OpenVault opened = open.remove(t.vault(name));
                if (opened != null) {
                    opened.vault().close();
                }
                t.vaults().deleteAll(name + "/");
                deleteTree(t.cache(name));
            }
        } catch (IOException e) {
            throw ServiceException.dependencyFailure("Cannot delete the storage of vault " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** The vault's tier, open, once its key is usable now (an open vault is not used while its KMS key is not). */
    private Vault vault(StorageClass tier, String name) throws IOException {
        return vault(tier, name, sealers.incarnation(name));
    }

    private Vault vault(StorageClass tier, String name, VaultIncarnation incarnation) throws IOException {
        return vault(tier, name, incarnation, sealer(name, incarnation));
    }

    private KeySealer sealer(String name, VaultIncarnation incarnation) throws IOException {
        return sealers.sealer(incarnation.keyArn(), name);
    }

    /** The tier as this node opened it for this vault of the name, or opened now. */
    private synchronized Vault vault(StorageClass tier, String name, VaultIncarnation incarnation, KeySealer sealer)
            throws IOException {
        Tier t = tierOf(tier, incarnation);
        OpenVault opened = open.get(t.vault(name));
        if (opened != null && Objects.equals(opened.created(), incarnation.created())) {
            return opened.vault();
        }
        Vault vault = Vault.open(providers.open(t.vault(name)), sealer, t.cache(name));
        keep(t.vault(name), new OpenVault(incarnation.created(), vault));
        return vault;
    }

    /** Keeps the tier open at {@code location}, closing what was open there for an earlier vault of the name. */
    private void keep(URI location, OpenVault opened) throws IOException {
        OpenVault earlier = open.put(location, opened);
        if (earlier != null) {
            earlier.vault().close();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (OpenVault v : open.values()) {
            v.vault().close();
        }
        open.clear();
    }
}
