package dev.hokan.catalog.cell.notification;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.sql.CatalogJson;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

/** The subscriptions to the cell's topics. */
public final class Subscriptions {
    private final CellTx tx;

    public Subscriptions(CellTx tx) {
        this.tx = tx;
    }

    public void insert(Subscription s) {
        tx.sql().update("INSERT INTO sns_subscriptions (subscription_id, creation_millis, topic_name, protocol, endpoint,"
                        + " owner, confirmation_token, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                s.subscriptionId(), s.creationDate(), s.topicName(), s.protocol(), s.endpoint(), s.owner(),
                s.confirmationToken(), CatalogJson.write(s.attributes()));
    }

    public void updateAttributes(Subscription s) {
        tx.sql().update("UPDATE sns_subscriptions SET attributes = ? WHERE subscription_id = ?",
                CatalogJson.write(s.attributes()), s.subscriptionId());
    }

    public void confirm(String subscriptionId) {
        tx.sql().update("UPDATE sns_subscriptions SET confirmation_token = NULL WHERE subscription_id = ?",
                subscriptionId);
    }

    public Optional<Subscription> find(String subscriptionId) {
        return tx.sql().one("SELECT * FROM sns_subscriptions WHERE subscription_id = ?", Subscriptions::map,
                subscriptionId);
    }

    /** The topic's subscriptions, in creation order. */
    public List<Subscription> ofTopic(String topicName) {
        return tx.sql().list("SELECT * FROM sns_subscriptions WHERE topic_name = ? ORDER BY creation_millis,"
                + " subscription_id", Subscriptions::map, topicName);
    }

    /** A page of every subscription, or of one topic's when {@code topicName} is given. */
    public Page<Subscription> list(String topicName, PageRequest page) {
        return tx.sql().page("sns_subscriptions", "subscription_id", Filter.all().eq("topic_name", topicName), page,
                Subscriptions::map);
    }

    public boolean delete(String subscriptionId) {
        return tx.sql().update("DELETE FROM sns_subscriptions WHERE subscription_id = ?", subscriptionId) > 0;
    }

    public void deleteOfTopic(String topicName) {
        tx.sql().update("DELETE FROM sns_subscriptions WHERE topic_name = ?", topicName);
    }

    private static Subscription map(Row r) {
        return new Subscription(r.string("subscription_id"), r.instant("creation_millis"), r.string("topic_name"),
                r.string("protocol"), r.string("endpoint"), r.string("owner"), r.string("confirmation_token"),
                CatalogJson.readMap(r.string("attributes")));
    }
}
