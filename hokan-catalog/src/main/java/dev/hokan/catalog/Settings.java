package dev.hokan.catalog;

import java.util.Map;
import java.util.Optional;

/** Named account-wide settings, stored as JSON string maps. */
public final class Settings {
    private final Tx tx;

    Settings(Tx tx) {
        this.tx = tx;
    }

    public Optional<Map<String, String>> map(String name) {
        return tx.one("SELECT value FROM settings WHERE name = ?", r -> CatalogJson.readMap(r.string("value")), name);
    }

    public void putMap(String name, Map<String, String> value) {
        String json = CatalogJson.write(value);
        if (tx.update("UPDATE settings SET value = ? WHERE name = ?", json, name) == 0) {
            tx.update("INSERT INTO settings (name, value) VALUES (?, ?)", name, json);
        }
    }
}
