package dev.hokan.catalog.cell.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobClaimsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void eachClaimOfAJobHasTheNextGenerationAndOnlyTheCurrentOneHoldsOrRenews(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            JobClaim first = catalog.write(tx -> tx.jobClaims().claim("J1", JobType.BACKUP, "node-a", T0));
            assertThat(first.generation()).isEqualTo(1);
            assertThat(first.liveAt(T0.minusMillis(1))).isTrue();
            assertThat(first.liveAt(T0)).isFalse();
            assertThat((boolean) catalog.read(tx -> tx.jobClaims().holds(first))).isTrue();
            assertThat((boolean) catalog.write(tx -> tx.jobClaims().renew(first, T0.plusSeconds(30)))).isTrue();

            catalog.write(tx -> {
                tx.jobClaims().release("J1");
                return null;
            });
            assertThat((boolean) catalog.read(tx -> tx.jobClaims().holds(first))).isFalse();
            assertThat(catalog.read(tx -> tx.jobClaims().held()).isEmpty()).isTrue();

            JobClaim second = catalog.write(tx -> tx.jobClaims().claim("J1", JobType.BACKUP, "node-a", T0));
            assertThat(second.generation()).as("a claim by the same node again is still a new one").isEqualTo(2);
            assertThat((boolean) catalog.read(tx -> tx.jobClaims().holds(first))).isFalse();
            assertThat((boolean) catalog.write(tx -> tx.jobClaims().renew(first, T0.plusSeconds(60)))).isFalse();
            assertThat((boolean) catalog.read(tx -> tx.jobClaims().holds(second))).isTrue();

            catalog.write(tx -> tx.jobClaims().claim("J2", JobType.COPY, "node-b", T0.plusSeconds(5)));
            List<JobClaim> held = catalog.read(tx -> tx.jobClaims().held());
            assertThat(held).containsExactly(
                    new JobClaim("J1", JobType.BACKUP, "node-a", T0, 2),
                    new JobClaim("J2", JobType.COPY, "node-b", T0.plusSeconds(5), 1));
        }
    }
}
