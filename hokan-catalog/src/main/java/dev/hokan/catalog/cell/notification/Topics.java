package dev.hokan.catalog.cell.notification;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.Optional;

/** The cell's SNS topics. */
public final class Topics {
    private final CellTx tx;

    public Topics(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Topic t) {
        tx.sql().update("INSERT INTO sns_topics (topic_name, creation_millis, attributes) VALUES (?, ?, ?)",
                t.name(), t.creationDate(), CatalogJson.write(t.attributes()));
    }

    public void update(Topic t) {
        tx.sql().update("UPDATE sns_topics SET attributes = ? WHERE topic_name = ?", CatalogJson.write(t.attributes()),
                t.name());
    }

    public Optional<Topic> find(String name) {
        return tx.sql().one("SELECT * FROM sns_topics WHERE topic_name = ?", Topics::map, name);
    }

    public boolean delete(String name) {
        return tx.sql().update("DELETE FROM sns_topics WHERE topic_name = ?", name) > 0;
    }

    public long count() {
        return tx.sql().count("SELECT COUNT(*) AS n FROM sns_topics");
    }

    /** Topics in creation order. */
    public Page<Topic> list(PageRequest page) {
        return tx.sql().page("sns_topics", "topic_name", Filter.all(), page, Topics::map);
    }

    private static Topic map(Row r) {
        return new Topic(r.string("topic_name"), r.instant("creation_millis"), CatalogJson.readMap(r.string("attributes")));
    }
}
