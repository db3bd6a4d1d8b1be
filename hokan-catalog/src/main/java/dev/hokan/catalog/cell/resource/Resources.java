package dev.hokan.catalog.cell.resource;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

public final class Resources {
    private final CellTx tx;

    public Resources(CellTx tx) {
        this.tx = tx;
    }

    public void insert(LocalResource r) {
        tx.sql().update("INSERT INTO resources (arn, resource_type, name, settings, registration_millis) VALUES (?, ?, ?, ?, ?)",
                r.arn(), r.type(), r.name(), r.settings(), r.registrationDate());
    }

    public Optional<LocalResource> find(String arn) {
        return tx.sql().one("SELECT * FROM resources WHERE arn = ?", Resources::map, arn);
    }

    public List<LocalResource> all() {
        return tx.sql().list("SELECT * FROM resources ORDER BY arn", Resources::map);
    }

    public void delete(String arn) {
        tx.sql().update("DELETE FROM resources WHERE arn = ?", arn);
    }

    private static LocalResource map(Row r) {
        return new LocalResource(r.string("arn"), new ResourceType(r.string("resource_type")), r.string("name"),
                r.string("settings"), r.instant("registration_millis"));
    }
}
