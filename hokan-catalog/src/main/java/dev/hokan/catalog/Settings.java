package dev.hokan.catalog;

import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Sql;
import java.util.Map;
import java.util.Optional;

/** Named settings, stored as JSON string maps: a cell's account-wide ones, and the deployment's in the identity catalog. */
public final class Settings {
    private final Sql sql;

    @SuppressWarnings("exports")
    public Settings(Sql sql) {
        this.sql = sql;
    }

    public Optional<Map<String, String>> map(String name) {
        return sql.one("SELECT value FROM settings WHERE name = ?", r -> CatalogJson.readMap(r.string("value")), name);
    }

    public void putMap(String name, Map<String, String> value) {
        String json = CatalogJson.write(value);
        if (sql.update("UPDATE settings SET value = ? WHERE name = ?", json, name) == 0) {
            sql.update("INSERT INTO settings (name, value) VALUES (?, ?)", name, json);
        }
    }
}
