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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a schema up to date: each script runs once, in the order listed, in its own transaction, and is recorded
 * under the number its name starts with. A schema records which scripts ran, not only the highest, so scripts
 * numbered on parallel branches run wherever they were missing.
 */
public final class Migrations {
    /** The table that records which scripts ran. */
    static final String VERSION_TABLE = "schema_version";
    /** The scripts' folder in the module, where they were before the catalog had packages. */
    private static final String FOLDER = "/dev/hokan/catalog/";
    /** The catalog of one account in one region. */
    private static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__time_driven.sql",
            "V3__holds_and_locks.sql", "V4__cold_storage.sql", "V5__scheduler.sql", "V6__copy_jobs.sql",
            "V7__vault_access_policies.sql", "V8__resource_kinds.sql", "V9__continuous_backups.sql",
            "V12__plan_revisions.sql", "V13__job_claims.sql",
            "V14__work_claims.sql", "V15__notifications.sql", "V16__event_chain.sql",
            "V17__restore_testing.sql", "V18__vault_records.sql", "V19__takeovers.sql", "V20__frameworks.sql", "V21__report_plans.sql", "V22__kms_keys.sql",
            "V23__air_gapped_vaults.sql", "V24__storage_history.sql");
    /** The identity catalog: accounts, identities, the organisation. */
    private static final List<String> IDENTITY_SCRIPTS = List.of("D1__directory.sql",
            "D2__host_path_grants.sql", "D3__principal_tags_and_ids.sql", "D4__nodes.sql",
            "D5__console_passwords.sql", "D6__console_sessions.sql", "D7__endpoint_grants.sql");

    private Migrations() {
    }

    public static void applyCellCatalog(Connection c, Dialect dialect) throws SQLException {
        apply(c, dialect, FOLDER + "migrations/", SCRIPTS);
    }

    public static void applyIdentityCatalog(Connection c, Dialect dialect) throws SQLException {
        apply(c, dialect, FOLDER + "directory-migrations/", IDENTITY_SCRIPTS);
    }

    private static void apply(Connection c, Dialect dialect, String folder, List<String> scripts) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL)");
        }
        c.commit();
        Set<Integer> applied = applied(c, scripts);
        for (String script : scripts) {
            int version = number(script);
            if (applied.contains(version)) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                for (String statement : load(folder + script).split(";\\s*\\n")) {
                    String sql = statement.isBlank() ? null : dialect.migrationStatement(statement);
                    if (sql != null) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    ps.setInt(1, version);
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

    private static Set<Integer> applied(Connection c, List<String> scripts) throws SQLException {
        Set<Integer> known = new HashSet<>();
        scripts.forEach(script -> known.add(number(script)));
        Set<Integer> applied = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            while (rs.next()) {
                int version = rs.getInt(1);
                if (!known.contains(version)) {
                    throw new SQLException("The schema has a migration (version " + version + ") this Hokan does not"
                            + " know; upgrade Hokan");
                }
                applied.add(version);
            }
        }
        c.commit();
        return applied;
    }

    /** The number a script's name starts with, after its letter: 12 for V12__plan_revisions.sql. */
    private static int number(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
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
