package dev.hokan.catalog.cell.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.EmbeddedCatalogs;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.testing.CatalogBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventChainTest {
    @TempDir
    Path dir;

    private static Event event(String id, long millis) {
        return new Event(id, Instant.ofEpochMilli(millis), "BackupJobCreated", "arn:aws:hokan:eu-west-1:1:directory/d",
                "arn:aws:iam::1:root", "message of " + id, Map.of("BackupJobId", id, "State", "CREATED"));
    }

    private static void insert(CellCatalog catalog, Event e) {
        catalog.write(tx -> {
            tx.events().insert(e);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(CatalogBackend.class)
    void concurrentWritersKeepOneChain(CatalogBackend backend) throws Exception {
        Supplier<CellCatalog> place = backend.cell(dir);
        // on PostgreSQL as two nodes do, each with its own pool; a SQLite file has one writer, one catalog
        try (CellCatalog first = place.get();
             CellCatalog second = backend == CatalogBackend.POSTGRESQL ? place.get() : null;
             ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                CellCatalog catalog = w % 2 == 1 && second != null ? second : first;
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        insert(catalog, event(String.format("%02d-%03d", writer, i), 1000 + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            ChainVerification chain = first.read(tx -> tx.events().verify());
            assertThat(chain.breaks()).isEmpty();
            assertThat(chain.events()).isEqualTo(120);
        }
    }

    @Test
    void eventsRecordedBeforeTheChainAreChainedByTheNextOne() throws Exception {
        try (CellCatalog catalog = CatalogBackend.SQLITE.open(dir)) {
            insert(catalog, event("before-1", 1));
            insert(catalog, event("before-2", 2));
        }
        sql("UPDATE events SET chain_position = NULL, previous_hash = NULL, event_hash = NULL");
        try (CellCatalog catalog = CatalogBackend.SQLITE.open(dir)) {
            assertThat(catalog.read(tx -> tx.events().verify()).events()).as("nothing chained yet").isZero();
            insert(catalog, event("after", 3));
            ChainVerification chain = catalog.read(tx -> tx.events().verify());
            assertThat(chain.breaks()).isEmpty();
            assertThat(chain.events()).isEqualTo(3);
            assertThat(chain.lastEventId()).isEqualTo("after");
        }
        sql("UPDATE events SET message = 'rewritten' WHERE event_id = 'before-1'");
        try (CellCatalog catalog = CatalogBackend.SQLITE.open(dir)) {
            assertThat(catalog.read(tx -> tx.events().verify()).breaks()).extracting(ChainBreak::kind,
                    ChainBreak::eventId).containsExactly(org.assertj.core.groups.Tuple.tuple(ChainBreak.Kind.CHANGED,
                    "before-1"));
        }
    }

    @Test
    void aChangedRemovedOrMovedEventIsNamed() throws Exception {
        try (CellCatalog catalog = CatalogBackend.SQLITE.open(dir)) {
            for (int i = 1; i <= 8; i++) {
                insert(catalog, event("e" + i, i));
            }
            assertThat(catalog.read(tx -> tx.events().verify()).intact()).isTrue();
        }
        sql("UPDATE events SET actor = 'arn:aws:iam::1:user/someone-else' WHERE event_id = 'e2'");
        sql("DELETE FROM events WHERE event_id = 'e4'");
        sql("UPDATE events SET chain_position = -1 WHERE event_id = 'e6'");
        sql("UPDATE events SET chain_position = 6 WHERE event_id = 'e7'");
        sql("UPDATE events SET chain_position = 7 WHERE event_id = 'e6'");
        try (CellCatalog catalog = CatalogBackend.SQLITE.open(dir)) {
            ChainVerification chain = catalog.read(tx -> tx.events().verify());
            assertThat(chain.intact()).isFalse();
            assertThat(chain.breaks()).extracting(b -> b.kind() + " " + b.eventId() + " at " + b.position())
                    .containsExactly("CHANGED e2 at 2", "REMOVED e5 at 5", "REORDERED e7 at 6", "REORDERED e6 at 7",
                            "REORDERED e8 at 8");
            assertThat(chain.breaks().get(1).message()).contains("between event e3 (position 3) and it was removed");
            assertThat(chain.breaks().get(2).message()).contains("recorded after event e6 (position 7)")
                    .contains("now follows event e5 (position 5)");
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(EmbeddedCatalogs.CELL_FILE));
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
