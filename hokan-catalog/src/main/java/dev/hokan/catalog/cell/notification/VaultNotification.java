package dev.hokan.catalog.cell.notification;

import java.util.List;

/** A vault's notification configuration: the topic its events go to and which events (AWS Backup's names). */
public record VaultNotification(String vaultName, String topicArn, List<String> events) {
    public VaultNotification {
        events = List.copyOf(events);
    }
}
