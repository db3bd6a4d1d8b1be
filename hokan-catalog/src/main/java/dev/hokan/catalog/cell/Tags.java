package dev.hokan.catalog.cell;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Tags of vaults, plans, recovery points and registered resources, keyed by ARN. */
public final class Tags {
    private final CellTx tx;

    Tags(CellTx tx) {
        this.tx = tx;
    }

    public Map<String, String> of(String arn) {
        Map<String, String> tags = new TreeMap<>();
        tx.sql().list("SELECT tag_key, tag_value FROM tags WHERE resource_arn = ?",
                r -> tags.put(r.string("tag_key"), r.string("tag_value")), arn);
        return tags;
    }

    public void put(String arn, Map<String, String> tags) {
        tags.forEach((k, v) -> {
            if (tx.sql().update("UPDATE tags SET tag_value = ? WHERE resource_arn = ? AND tag_key = ?", v, arn, k) == 0) {
                tx.sql().update("INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)", arn, k, v);
            }
        });
    }

    public void remove(String arn, Collection<String> keys) {
        keys.forEach(k -> tx.sql().update("DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?", arn, k));
    }

    public void removeAll(String arn) {
        tx.sql().update("DELETE FROM tags WHERE resource_arn = ?", arn);
    }
}
