package dev.hokan.catalog.cell.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StorageHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final LocalDate DAY1 = LocalDate.parse("2026-12-01");
    private static final String KEY = "arn:aws:hokan:eu-west-1:000000000000:key/master";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aDayKeepsItsLastSampleAndARangeStartsWithWhatTheStorageHeldBeforeIt(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.vaults().insert(new BackupVault("v", T0, null, KEY, 0));
                tx.vaults().insert(new BackupVault("w", T0, null, KEY, 0));
                return null;
            });
            StorageSample first = new StorageSample("v", DAY1, T0, 1, 1000, 600, 300);
            StorageSample later = new StorageSample("v", DAY1, T0.plusSeconds(3600), 2, 2000, 700, 350);
            StorageSample nextDay = new StorageSample("v", DAY1.plusDays(1), T0.plusSeconds(86_400), 1, 1000, 400, 200);
            StorageSample fourthDay = new StorageSample("v", DAY1.plusDays(3), T0.plusSeconds(3 * 86_400), 0, 0, 0, 0);
            StorageSample other = new StorageSample("w", DAY1, T0, 5, 5, 5, 5);
            for (StorageSample s : new StorageSample[] {first, later, nextDay, fourthDay, other}) {
                catalog.write(tx -> {
                    tx.storageHistory().record(s);
                    return null;
                });
            }

            assertThat(latest(catalog, "v")).contains(fourthDay);
            assertThat(from(catalog, "v", DAY1))
                    .as("the day's last sample replaced its first").containsExactly(later, nextDay, fourthDay);
            assertThat(from(catalog, "v", DAY1.plusDays(2)))
                    .as("the last sample before the range opens it").containsExactly(nextDay, fourthDay);
            assertThat(from(catalog, "v", DAY1.plusDays(4))).containsExactly(fourthDay);

            catalog.write(tx -> {
                tx.vaults().delete("v");
                return null;
            });
            assertThat(latest(catalog, "v")).as("gone with its vault").isEmpty();
            assertThat(from(catalog, "w", DAY1)).containsExactly(other);
        }
    }

    private static Optional<StorageSample> latest(CellCatalog catalog, String vault) {
        return catalog.read(tx -> tx.storageHistory().latest(vault));
    }

    private static List<StorageSample> from(CellCatalog catalog, String vault, LocalDate first) {
        return catalog.read(tx -> tx.storageHistory().from(vault, first));
    }
}
