package dev.hokan.catalog.cell.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.CatalogException;
import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.PostgresCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
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

    /**
     * A node paused between two statements of its lease's renewal keeps the claim's row locked. The node taking the
     * job over must not wait for the pause to end: PostgreSQL ends the paused node's transaction once it has idled for
     * a while, and the paused node learns at its commit that it renewed nothing.
     */
    @Test
    void aNodePausedInTheMiddleOfARenewalKeepsNoOtherNodeWaitingForIt() throws Exception {
        Duration pause = Duration.ofSeconds(25);
        CatalogLocation.Postgres database = CatalogBackend.freshDatabase();
        try (PostgresCatalogs a = PostgresCatalogs.connect(database); PostgresCatalogs b = PostgresCatalogs.connect(database);
             CellCatalog nodeA = a.cell(dir, "123456789012", "eu-west-1");
             CellCatalog nodeB = b.cell(dir, "123456789012", "eu-west-1")) {
            JobClaim claim = nodeA.write(tx -> tx.jobClaims().claim("J1", JobType.BACKUP, "node-a", T0));
            CountDownLatch rowLocked = new CountDownLatch(1);
            AtomicBoolean pausedOnce = new AtomicBoolean();
            AtomicReference<Object> pausedNodeOutcome = new AtomicReference<>();
            Thread pausedNode = Thread.ofPlatform().start(() -> {
                try {
                    pausedNodeOutcome.set(nodeA.write(tx -> {
                        boolean renewed = tx.jobClaims().renew(claim, T0.plusSeconds(30));
                        if (pausedOnce.compareAndSet(false, true)) {
                            rowLocked.countDown();
                            try {
                                Thread.sleep(pause);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return renewed;
                    }));
                } catch (CatalogException refused) {
                    pausedNodeOutcome.set(refused);
                }
            });
            rowLocked.await();

            long started = System.nanoTime();
            nodeB.write(tx -> {
                tx.jobClaims().release("J1");
                return null;
            });
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            JobClaim takenOver = nodeB.write(tx -> tx.jobClaims().claim("J1", JobType.BACKUP, "node-b", T0.plusSeconds(60)));
            pausedNode.join();

            assertThat(waited).as("the taking over waited for the paused node's transaction")
                    .isLessThan(pause.minusSeconds(5));
            assertThat(pausedNodeOutcome.get()).as("the paused node's renewal, once it resumed")
                    .isInstanceOf(CatalogException.class);
            assertThat((boolean) nodeB.read(tx -> tx.jobClaims().holds(takenOver))).isTrue();
            assertThat((boolean) nodeA.write(tx -> tx.jobClaims().renew(claim, T0.plusSeconds(90))))
                    .as("a renewal of the lost claim").isFalse();
        }
    }
}
