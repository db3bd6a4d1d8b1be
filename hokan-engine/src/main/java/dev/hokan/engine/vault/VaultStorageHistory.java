package dev.hokan.engine.vault;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.vault.ClaimedWork;
import dev.hokan.catalog.cell.vault.StorageSample;
import dev.hokan.catalog.cell.vault.VaultContents;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The history of what each vault's storage holds, as {@link VaultService#usage} reports it: sampled at the first tick
 * of each day (UTC, by the service clock) and again at the first tick an hour after the last sample, so that a
 * backup, a deletion or a garbage collection shows within the hour; each day keeps its last sample. Of the nodes
 * sharing the catalog, the one that claims a vault's sample takes it.
 */
public final class VaultStorageHistory {
    /** The shortest time between two samples of a vault. */
    private static final Duration EVERY = Duration.ofHours(1);
    /** The most days a history may be asked for. */
    public static final int MAX_DAYS = 366;
    private static final Logger LOG = Logger.getLogger(VaultStorageHistory.class.getName());

    /** What a vault's storage held at the end of {@code day} (or now, today): {@code sample}, taken then or before. */
    public record StorageDay(LocalDate day, StorageSample sample) {
    }

    private final CellContext cell;
    private final VaultService vaults;
    private final WorkLeases leases;
    /** When this node last failed to read a vault's storage: it tries again an hour later, not at every tick. */
    private final Map<String, Instant> failed = new ConcurrentHashMap<>();

    public VaultStorageHistory(CellContext cell, VaultService vaults, WorkLeases leases) {
        this.cell = cell;
        this.vaults = vaults;
        this.leases = leases;
    }

    /** Samples every vault whose sample is due. */
    public void sampleDue() {
        Instant now = cell.clock().now();
        List<String> due = cell.catalog().read(tx -> tx.recoveryPoints().contentsOfVaults().stream()
                .map(VaultContents::vaultName).filter(name -> due(tx, name, now)).toList());
        failed.keySet().retainAll(due);
        for (String name : due) {
            Instant lastFailure = failed.get(name);
            if (lastFailure == null || !now.isBefore(lastFailure.plus(EVERY))) {
                sample(name, now);
            }
        }
    }

    /** Whether the vault has no sample today, or one an hour old. */
    private static boolean due(CellTx tx, String vaultName, Instant now) {
        return tx.storageHistory().latest(vaultName).map(s -> !s.day().equals(day(now))
                || !now.isBefore(s.sampledAt().plus(EVERY))).orElse(true);
    }

    private void sample(String vaultName, Instant now) {
        boolean claimed = cell.catalog().write(tx -> due(tx, vaultName, now)
                && leases.claim(tx, vaultName, ClaimedWork.STORAGE_SAMPLE));
        if (!claimed) {
            return;
        }
        try {
            VaultUsage usage = vaults.usage(vaultName);
            StorageSample sample = new StorageSample(vaultName, day(now), now, usage.recoveryPoints(),
                    usage.backupSizeInBytes(), usage.stored().rawBytes(), usage.stored().storedBytes());
            cell.catalog().write(tx -> {
                if (leases.holds(tx, vaultName, ClaimedWork.STORAGE_SAMPLE) && tx.vaults().find(vaultName).isPresent()) {
                    tx.storageHistory().record(sample);
                }
                leases.release(tx, vaultName, ClaimedWork.STORAGE_SAMPLE);
                return null;
            });
            failed.remove(vaultName);
        } catch (RuntimeException e) {
            failed.put(vaultName, now);
            leases.release(vaultName, ClaimedWork.STORAGE_SAMPLE);
            LOG.log(Level.WARNING, "Sampling the storage of backup vault " + vaultName + " failed; tried again in "
                    + EVERY.toMinutes() + " minutes", e);
        }
    }

    /**
     * What the vault's storage held at the end of each of the last {@code days} days (1 to {@link #MAX_DAYS}), oldest
     * first, today's as last sampled; the days before its first sample are left out.
     */
    public List<StorageDay> history(String vaultName, int days) {
        Names.vault(vaultName);
        LocalDate today = day(cell.clock().now());
        LocalDate first = today.minusDays(days - 1L);
        List<StorageSample> samples = cell.catalog().read(tx -> {
            VaultService.find(tx, vaultName);
            return tx.storageHistory().from(vaultName, first);
        });
        List<StorageDay> history = new ArrayList<>();
        int next = 0;
        StorageSample current = null;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            while (next < samples.size() && !samples.get(next).day().isAfter(day)) {
                current = samples.get(next++);
            }
            if (current != null) {
                history.add(new StorageDay(day, current));
            }
        }
        return history;
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
