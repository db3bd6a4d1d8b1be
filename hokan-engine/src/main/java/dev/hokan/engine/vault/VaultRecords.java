package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.VaultRecordQueue;
import dev.hokan.engine.Account;
import dev.hokan.store.Vault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps in each vault (its warm tier) the records the catalog could be rebuilt from: the vault's own
 * ({@link VaultRecord}) and one per recovery point ({@link PointRecord}), as notes of the store. Every change is
 * queued in the catalog in the transaction that makes it ({@code vault_record_queue}); {@link #writePending} writes
 * the record as the catalog has it then, or deletes it when the point is gone, and only then takes the entry off the
 * queue. A crash therefore delays a record, never loses it; writing one twice does no harm.
 */
public final class VaultRecords {
    private static final Logger LOG = Logger.getLogger(VaultRecords.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 200;

    private final CellCatalog catalog;
    private final Account account;
    private final VaultStorage storage;

    public VaultRecords(CellCatalog catalog, Account account, VaultStorage storage) {
        this.catalog = catalog;
        this.account = account;
        this.storage = storage;
    }

    /** Writes what the queue holds, batch by batch, until it is empty or a vault cannot be written. */
    public synchronized void writePending() {
        while (true) {
            List<VaultRecordQueue.Entry> batch = catalog.read(tx -> tx.vaultRecordQueue().pending(BATCH));
            List<VaultRecordQueue.Entry> written = new ArrayList<>();
            for (VaultRecordQueue.Entry entry : batch) {
                try {
                    write(entry);
                    written.add(entry);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Recording " + (entry.isVault() ? "the settings" : "recovery point "
                            + entry.recoveryPointId()) + " of vault " + entry.vaultName() + " in the vault failed;"
                            + " tried again later", e);
                }
            }
            if (!written.isEmpty()) {
                catalog.write(tx -> {
                    written.forEach(tx.vaultRecordQueue()::written);
                    return null;
                });
            }
            if (batch.size() < BATCH || written.size() < batch.size()) {
                return;
            }
        }
    }

    private void write(VaultRecordQueue.Entry entry) throws IOException {
        Optional<byte[]> record = catalog.read(tx -> entry.isVault() ? vaultRecord(tx, entry.vaultName())
                : pointRecord(tx, entry.recoveryPointId()));
        String note = entry.isVault() ? VaultRecord.NOTE : PointRecord.noteName(entry.recoveryPointId());
        storage.note(entry.vaultName(), note, record.orElse(null));
    }

    private Optional<byte[]> vaultRecord(CellTx tx, String name) {
        return tx.vaults().find(name).map(v -> JSON.writeValueAsBytes(VaultRecord.of(account, v,
                tx.tags().of(account.vaultArn(name)), tx.vaultAccessPolicies().find(name).orElse(null),
                tx.vaultLocks().find(name).orElse(null))));
    }

    private Optional<byte[]> pointRecord(CellTx tx, String recoveryPointId) {
        return tx.recoveryPoints().find(recoveryPointId).map(p -> JSON.writeValueAsBytes(PointRecord.of(account, p,
                tx.tags().of(account.recoveryPointArn(recoveryPointId)), tx.resources().find(p.resourceArn())
                        .map(r -> PointRecord.ResourceRecord.of(r, tx.tags().of(r.arn()))).orElse(null))));
    }

    /** What a vault records of itself, if it does (vaults made before records were kept do not). */
    public static Optional<VaultRecord> vaultRecord(VaultStorage storage, String name) throws IOException {
        return storage.warm(name).note(VaultRecord.NOTE).map(bytes -> JSON.readValue(bytes, VaultRecord.class));
    }

    /** What a vault records of its recovery points. */
    public static List<PointRecord> pointRecords(VaultStorage storage, String vaultName) throws IOException {
        Vault vault = storage.warm(vaultName);
        List<PointRecord> records = new ArrayList<>();
        for (String name : vault.noteNames()) {
            if (name.startsWith(PointRecord.NOTE_PREFIX)) {
                vault.note(name).ifPresent(bytes -> records.add(JSON.readValue(bytes, PointRecord.class)));
            }
        }
        return records;
    }
}
