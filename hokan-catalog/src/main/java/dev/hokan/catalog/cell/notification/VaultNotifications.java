package dev.hokan.catalog.cell.notification;

import dev.hokan.catalog.cell.CellTx;
import java.util.Arrays;
import java.util.Optional;

/** Each vault's notification configuration (PutBackupVaultNotifications). */
public final class VaultNotifications {
    private final CellTx tx;

    public VaultNotifications(CellTx tx) {
        this.tx = tx;
    }

    public void put(VaultNotification n) {
        delete(n.vaultName());
        tx.sql().update("INSERT INTO vault_notifications (vault_name, topic_arn, events) VALUES (?, ?, ?)",
                n.vaultName(), n.topicArn(), String.join(",", n.events()));
    }

    public Optional<VaultNotification> find(String vaultName) {
        return tx.sql().one("SELECT * FROM vault_notifications WHERE vault_name = ?", r -> new VaultNotification(
                r.string("vault_name"), r.string("topic_arn"),
                Arrays.stream(r.string("events").split(",")).filter(e -> !e.isEmpty()).toList()), vaultName);
    }

    public boolean delete(String vaultName) {
        return tx.sql().update("DELETE FROM vault_notifications WHERE vault_name = ?", vaultName) > 0;
    }
}
