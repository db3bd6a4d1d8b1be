package dev.hokan.engine;

import dev.hokan.store.Vault;
import dev.hokan.store.blob.LocalBlobStore;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The vaults on disk: DATA_DIR/vaults/NAME, one blob store each, all sealed with the one master key; their
 * caches under DATA_DIR/cache/NAME. Vaults are safe for concurrent use, so one open instance per vault is shared.
 */
final class VaultStorage implements AutoCloseable {
    private final Path vaultsDir;
    private final Path cacheDir;
    private final MasterKey key;
    private final Map<String, Vault> open = new HashMap<>();

    VaultStorage(Path dataDir, MasterKey key) throws IOException {
        this.vaultsDir = Files.createDirectories(dataDir.resolve("vaults"));
        this.cacheDir = Files.createDirectories(dataDir.resolve("cache"));
        this.key = key;
    }

    /** Work on one vault. */
    interface VaultWork<T> {
        T run(Vault vault) throws IOException, InterruptedException;
    }

    /**
     * Creates the vault's storage, or adopts the vault already there: the catalog may have been lost or
     * restored from an older copy, and that must never cost the backups a vault holds. A directory without
     * a complete vault is the leftover of an interrupted creation and holds no backups.
     */
    synchronized void create(String name) {
        try {
            Path dir = vaultsDir.resolve(name);
            if (Files.isDirectory(dir) && Vault.exists(new LocalBlobStore(dir))) {
                vault(name);
                return;
            }
            deleteTree(dir);
            deleteTree(cacheDir.resolve(name));
            Files.createDirectories(dir);
            open.put(name, Vault.create(new LocalBlobStore(dir), key, cacheDir.resolve(name)));
        } catch (IOException e) {
            throw ServiceException.dependencyFailure("Cannot create the storage of vault " + name + ": "
                    + e.getMessage());
        }
    }

    <T> T withVault(String name, VaultWork<T> work) throws IOException, InterruptedException {
        return work.run(vault(name));
    }

    /** Deletes the vault's storage; refused while it holds recovery points, listed in the catalog or not. */
    synchronized void delete(String name) {
        try {
            Path dir = vaultsDir.resolve(name);
            if (Files.isDirectory(dir) && Vault.exists(new LocalBlobStore(dir))) {
                int held = vault(name).snapshots().size();
                if (held > 0) {
                    throw ServiceException.invalidRequest("Backup vault cannot be deleted because its storage still"
                            + " holds " + held + " recovery points");
                }
            }
            Vault vault = open.remove(name);
            if (vault != null) {
                vault.close();
            }
            deleteTree(vaultsDir.resolve(name));
            deleteTree(cacheDir.resolve(name));
        } catch (IOException e) {
            throw ServiceException.dependencyFailure("Cannot delete the storage of vault " + name + ": "
                    + e.getMessage());
        }
    }

    private synchronized Vault vault(String name) throws IOException {
        Vault vault = open.get(name);
        if (vault == null) {
            vault = Vault.open(new LocalBlobStore(vaultsDir.resolve(name)), key, cacheDir.resolve(name));
            open.put(name, vault);
        }
        return vault;
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
        for (Vault v : open.values()) {
            v.close();
        }
        open.clear();
    }
}
