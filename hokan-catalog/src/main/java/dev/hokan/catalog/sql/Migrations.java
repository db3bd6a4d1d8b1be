package dev.hokan.catalog.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Brings a schema up to date: each numbered script runs once, in order, in its own transaction. */
public final class Migrations {
    /** The scripts' folder in the module, where they were before the catalog had packages. */
    private static final String FOLDER = "/dev/hokan/catalog/";
    /** The catalog of one account in one region. */
    private static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__time_driven.sql",
            "V3__holds_and_locks.sql", "V4__cold_storage.sql", "V5__scheduler.sql", "V6__copy_jobs.sql",
            "V7__vault_access_policies.sql", "V8__resource_kinds.sql", "V9__continuous_backups.sql");
    /** The identity catalog: accounts, identities, the organisation. */
    private static final List<String> IDENTITY_SCRIPTS = List.of("D1__directory.sql",
            "D2__host_path_grants.sql", "D3__principal_tags_and_ids.sql");

    private Migrations() {
    }

    public static void applyCellCatalog(Connection c) throws SQLException {
        apply(c, FOLDER + "migrations/", SCRIPTS);
    }

    public static void applyIdentityCatalog(Connection c) throws SQLException {
        apply(c, FOLDER + "directory-migrations/", IDENTITY_SCRIPTS);
    }

    private static void apply(Connection c, String folder, List<String> scripts) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL)");
        }
        c.commit();
        int current = currentVersion(c, scripts.size());
        for (int i = current; i < scripts.size(); i++) {
            String script = scripts.get(i);
            try (Statement s = c.createStatement()) {
                for (String sql : load(folder + script).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, script);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("Catalog migration " + script + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static int currentVersion(Connection c, int known) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            int version = rs.getInt(1);
            if (version > known) {
                throw new SQLException("The schema (version " + version + ") is newer than this Hokan (version "
                        + known + "); upgrade Hokan");
            }
            return version;
        }
    }

    private static String load(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration script " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
