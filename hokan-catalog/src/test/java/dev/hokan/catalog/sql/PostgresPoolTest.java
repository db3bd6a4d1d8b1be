package dev.hokan.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.catalog.testing.CatalogBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The connections of catalogs in several schemas of one database. */
class PostgresPoolTest {
    private static PostgresPool pool() {
        CatalogLocation.Postgres db = CatalogBackend.freshDatabase();
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        return new PostgresPool("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database(), properties);
    }

    private static String searchPath(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** An API call reads the identity catalog, then its cell's: each read finds a connection already on its schema. */
    @Test
    void readsOfTwoCatalogsInTurnKeepAConnectionOnEachSchema() throws SQLException {
        try (PostgresPool pool = pool()) {
            Connection identities = pool.reader("directory");
            pool.releaseReader(identities, true);
            Connection cell = pool.reader("cell_a");
            pool.releaseReader(cell, true);
            assertThat(cell).as("a connection of its own, not the other moved over").isNotSameAs(identities);
            for (int i = 0; i < 3; i++) {
                Connection c = pool.reader("directory");
                assertThat(c).isSameAs(identities);
                pool.releaseReader(c, true);
                c = pool.reader("cell_a");
                assertThat(c).isSameAs(cell);
                assertThat(searchPath(c)).isEqualTo("cell_a");
                pool.releaseReader(c, true);
            }
        }
    }

    @Test
    void aFullPoolMovesAnIdleConnectionToTheSchemaAsked() throws SQLException {
        try (PostgresPool pool = pool()) {
            List<Connection> taken = new ArrayList<>();
            while (taken.size() < PostgresPool.READERS) {
                taken.add(pool.reader("directory"));
            }
            taken.forEach(t -> pool.releaseReader(t, true));
            Connection c = pool.reader("cell_a");
            assertThat(taken).contains(c);
            assertThat(searchPath(c)).isEqualTo("cell_a");
            pool.releaseReader(c, true);
            c = pool.reader("directory");
            assertThat(searchPath(c)).isEqualTo("directory");
            pool.releaseReader(c, true);
        }
    }
}
