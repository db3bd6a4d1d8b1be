package dev.hokan.engine;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.Catalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.engine.clock.SystemServiceClock;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.kms.KeyService;
import dev.hokan.engine.kms.KmsVaultSealers;
import dev.hokan.store.Vault;
import dev.hokan.store.blob.BlobStore;
import dev.hokan.store.crypto.KeySealer;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What seals a vault, for tools that open vaults without the server (the {@code hokan vault} commands): the master
 * key, or the KMS key the vault's marker names, whose material the key's cell catalog (the key store) holds sealed
 * under the master key. The catalogs are read only; a cell without a catalog is created nowhere.
 */
public final class KeyStoreSealers implements AutoCloseable {
    private final Catalogs catalogs;
    private final Path dataDir;
    private final Account home;
    private final MasterKey master;
    private final Map<Account, CellCatalog> cells = new HashMap<>();

    /**
     * @param location where the deployment's catalogs are
     * @param dataDir  the data directory of an embedded catalog (unused for PostgreSQL)
     * @param home     the deployment's home account and region, whose cell is at the top of the data directory
     */
    public KeyStoreSealers(CatalogLocation location, Path dataDir, Account home, MasterKey master) {
        this.catalogs = Catalogs.open(location);
        this.dataDir = dataDir;
        this.home = home;
        this.master = master;
    }

    /** The sealer of the vault at {@code store}, named {@code vaultName} in messages. */
    public KeySealer of(BlobStore store, String vaultName) throws IOException {
        Optional<String> keyArn = Vault.sealedUnder(store).flatMap(KmsVaultSealers::keyArnOf);
        if (keyArn.isEmpty()) {
            return master;
        }
        KeyReference key = KeyReference.parse(keyArn.get());
        Account cell = new Account(key.account().orElseThrow(), key.region().orElseThrow());
        CellCatalog catalog = cells.get(cell);
        if (catalog == null) {
            Path cellDir = Deployment.cellDir(dataDir, home, cell);
            if (!catalogs.cellExists(cellDir, cell.accountId(), cell.region())) {
                throw new IOException("Vault " + vaultName + " is sealed under KMS key " + keyArn.get() + ", and the"
                        + " catalog holds no key store of account " + cell.accountId() + " in " + cell.region());
            }
            catalog = catalogs.cell(cellDir, cell.accountId(), cell.region());
            cells.put(cell, catalog);
        }
        CellContext context = new CellContext(catalog, new SystemServiceClock(), cell);
        return new KmsVaultSealers(context, master, new KeyService(context, master)).sealer(keyArn.get(), vaultName);
    }

    @Override
    public void close() {
        cells.values().forEach(CellCatalog::close);
        catalogs.close();
    }
}
