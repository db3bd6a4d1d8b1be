package dev.hokan.catalog.cell.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RestoreCheckpointsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void aRestoresCheckpointIsSavedAgainAndAgainAndDeletedAtItsEnd(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            assertThat(filesComplete(catalog, "R1")).isEmpty();
            save(catalog, "R1", 10);
            save(catalog, "R1", 250);
            save(catalog, "R2", 1);
            assertThat(filesComplete(catalog, "R1")).contains(250L);
            assertThat(filesComplete(catalog, "R2")).contains(1L);

            catalog.write(tx -> {
                tx.restoreCheckpoints().delete("R1");
                return null;
            });
            assertThat(filesComplete(catalog, "R1")).isEmpty();
            assertThat(filesComplete(catalog, "R2")).contains(1L);
        }
    }

    private static Optional<Long> filesComplete(CellCatalog catalog, String jobId) {
        return catalog.read(tx -> tx.restoreCheckpoints().filesComplete(jobId));
    }

    private static void save(CellCatalog catalog, String jobId, long files) {
        catalog.write(tx -> {
            tx.restoreCheckpoints().save(jobId, files);
            return null;
        });
    }
}
