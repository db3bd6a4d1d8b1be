package dev.hokan.catalog.cell.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveriesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant LEASE_END = T0.plus(Duration.ofMinutes(2));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void oneNodeClaimsADueMessageUntilItsLeaseEndsAndOnlyTheCurrentClaimRecordsTheAttempt(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            Delivery pending = Delivery.pending("D1", T0, "S1", "topic", "{}", T0, T0.plus(Duration.ofDays(1)));
            catalog.write(tx -> {
                tx.deliveries().insert(pending);
                return null;
            });
            assertThat(claim(catalog, "node-a", LEASE_END, T0)).isTrue();
            assertThat(claim(catalog, "node-b", LEASE_END, T0.plusSeconds(1))).as("claimed by node-a").isFalse();
            List<Delivery> heads = catalog.read(tx -> tx.deliveries().heads(10));
            assertThat(heads).extracting(Delivery::nextAttempt).containsExactly(LEASE_END);

            Instant later = LEASE_END.plus(Duration.ofMinutes(2));
            assertThat(claim(catalog, "node-b", later, LEASE_END)).as("node-a's lease ended").isTrue();
            assertThat((boolean) catalog.write(tx -> tx.deliveries().attempted(pending.delivered(T0.plusSeconds(5)),
                    "node-a", LEASE_END))).as("node-a no longer holds it").isFalse();
            assertThat((boolean) catalog.write(tx -> tx.deliveries().attempted(pending.delivered(LEASE_END),
                    "node-b", later))).isTrue();
            assertThat((long) catalog.read(tx -> tx.deliveries().count(DeliveryStatus.DELIVERED))).isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void theMessagesANodeClaimedBeforeItStoppedAreDueAtOnceWhenItStartsAgain(CatalogBackend backend) {
        try (CellCatalog catalog = backend.open(dir)) {
            catalog.write(tx -> {
                tx.deliveries().insert(Delivery.pending("D1", T0, "S1", "topic", "{}", T0, T0.plus(Duration.ofDays(1))));
                tx.deliveries().insert(Delivery.pending("D2", T0, "S2", "topic", "{}", T0, T0.plus(Duration.ofDays(1))));
                return null;
            });
            claim(catalog, "node-a", LEASE_END, T0);
            catalog.write(tx -> tx.deliveries().claim("D2", "node-b", LEASE_END, T0));

            Instant restart = T0.plusSeconds(10);
            assertThat((int) catalog.write(tx -> tx.deliveries().releaseClaims("node-a", restart))).isOne();
            List<Delivery> heads = catalog.read(tx -> tx.deliveries().heads(10));
            assertThat(heads).extracting(Delivery::deliveryId,
                    Delivery::nextAttempt).containsExactly(tuple("D1", restart),
                    tuple("D2", LEASE_END));
        }
    }

    private static boolean claim(CellCatalog catalog, String node, Instant leaseEnd, Instant now) {
        return catalog.write(tx -> tx.deliveries().claim("D1", node, leaseEnd, now));
    }
}
