package dev.hokan.engine;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.PostgresCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.engine.clock.SystemServiceClock;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.engine.notification.SigningKey;
import dev.hokan.engine.vault.VaultLocations;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaces the master key of a stopped deployment: every secret sealed under it is sealed again under a new key, and
 * the data is left as it is (each vault keeps its own data key). What the master key seals: the notification signing
 * key in the directory, every version of every KMS key's material in each cell's key store, and the keys of every
 * vault under the master key (warm, cold and air-gapped tiers of every cell; vaults under a KMS key are sealed by its
 * material, which the key store re-seals).
 *
 * <p>Safe to interrupt at any moment, and run again to finish: the new key is written whole to {@code FILE.next}
 * first; each secret is then replaced whole (a catalog transaction, a blob put) by its copy under the new key; the
 * rename of {@code FILE.next} over {@code FILE} ends the rotation. Until that rename the key file opens both the
 * secrets sealed before and those already sealed again ({@link MasterKey#load}), so the deployment works throughout,
 * and a run finding {@code FILE.next} carries on with the key it holds.
 */
public final class MasterKeyRotation {
    /** What a rotation sealed again, under which key, and what it left alone and why. */
    public record Rotated(String fingerprint, boolean resumed, boolean signingKey, int kmsKeyVersions, int vaults,
                          List<String> problems) {
    }

    private final Path dataDir;
    private final Path keyFile;
    private final Account home;
    private final Consumer<String> progress;
    private final List<String> problems = new ArrayList<>();

    private MasterKeyRotation(Path dataDir, Path keyFile, Account home, Consumer<String> progress) {
        this.dataDir = dataDir;
        this.keyFile = keyFile;
        this.home = home;
        this.progress = progress;
    }

    /**
     * Rotates the master key in {@code keyFile} of the deployment whose data directory (locked for the time: the
     * server must be stopped) is {@code dataDir}, catalogs at {@code catalog} and vaults at {@code locations};
     * {@code progress} hears of each secret sealed again.
     */
    public static Rotated run(Path dataDir, Path keyFile, CatalogLocation catalog, VaultLocations locations,
                              Account home, Consumer<String> progress) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new IOException("No data directory " + dataDir);
        }
        if (!Files.exists(keyFile)) {
            throw new IOException("No master key file " + keyFile);
        }
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dataDir);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ": stop it before rotating the master key", e);
        }
        try (lock) {
            return new MasterKeyRotation(dataDir, keyFile, home, progress).rotate(catalog, locations);
        }
    }

    private Rotated rotate(CatalogLocation catalog, VaultLocations locations) throws IOException {
        boolean resumed = Files.exists(MasterKey.successorFile(keyFile));
        MasterKey to = MasterKey.successorOf(keyFile);
        MasterKey from = MasterKey.load(keyFile);
        progress.accept((resumed ? "Resuming the rotation" : "Rotating") + " to master key " + to.fingerprint()
                + ", kept in " + MasterKey.successorFile(keyFile) + " until the rotation ends");
        boolean signingKey;
        int versions = 0;
        try (Catalogs catalogs = Catalogs.open(catalog); IdentityCatalog directory = catalogs.directory(dataDir)) {
            signingKey = SigningKey.reseal(directory, from, to);
            if (signingKey) {
                progress.accept("Sealed the notification signing key under " + to.fingerprint());
            }
            for (Account cell : catalogCells(catalogs)) {
                try (CellCatalog cellCatalog = catalogs.cell(Deployment.cellDir(dataDir, home, cell), cell.accountId(),
                        cell.region())) {
                    int sealed = new KeyService(new CellContext(cellCatalog, new SystemServiceClock(), cell), from)
                            .resealMaterial(to);
                    versions += sealed;
                    progress.accept("Account " + cell.accountId() + " in " + cell.region() + ": sealed " + sealed
                            + " KMS key version(s) under " + to.fingerprint());
                }
            }
        }
        int vaults = 0;
        for (Account cell : CatalogRebuild.cells(locations, home)) {
            VaultLocations cellLocations = cell.equals(home) ? locations : locations.below(Deployment.belowHome(cell));
            for (VaultLocations placed : List.of(cellLocations, cellLocations.airGapped())) {
                for (URI tier : List.of(placed.warmTier(), placed.coldTier())) {
                    vaults += resealVaults(locations, tier, from, to);
                }
            }
        }
        MasterKey.promoteSuccessor(keyFile);
        progress.accept("The master key in " + keyFile + " is now " + to.fingerprint());
        return new Rotated(to.fingerprint(), resumed, signingKey, versions, vaults, List.copyOf(problems));
    }

    /** The cells whose catalogs exist: each holds a key store. */
    private List<Account> catalogCells(Catalogs catalogs) throws IOException {
        if (catalogs instanceof PostgresCatalogs postgres) {
            // cell_ACCOUNT_REGION, the account 12 digits, the region's dashes as underscores
            return postgres.cellSchemas().stream()
                    .map(schema -> new Account(schema.substring(5, 17), schema.substring(18).replace('_', '-')))
                    .toList();
        }
        return CatalogMigration.cells(dataDir, home);
    }

    private int resealVaults(VaultLocations locations, URI tier, MasterKey from, MasterKey to) throws IOException {
        int sealed = 0;
        for (String name : locations.providers().open(tier).children("")) {
            URI location = tier.resolve(name + "/");
            BlobStore store = locations.providers().open(location);
            if (!Vault.exists(store)) {
                continue;
            }
            Optional<String> sealedUnder = Vault.sealedUnder(store);
            if (sealedUnder.flatMap(KmsVaultSealers::keyArnOf).isPresent()
                    || sealedUnder.filter(to.fingerprint()::equals).isPresent()) {
                continue;
            }
            if (sealedUnder.isPresent() && !from.answersTo(sealedUnder.get())) {
                problems.add("The vault at " + location + " is sealed under another master key ("
                        + sealedUnder.get() + "): left as it is");
                continue;
            }
            Vault.resealKeys(store, from, to);
            sealed++;
            progress.accept("Sealed the keys of the vault at " + location + " under " + to.fingerprint());
        }
        return sealed;
    }
}
