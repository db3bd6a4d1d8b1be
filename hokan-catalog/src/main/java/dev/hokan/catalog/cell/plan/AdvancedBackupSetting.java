package dev.hokan.catalog.cell.plan;

import java.util.Map;

public record AdvancedBackupSetting(String resourceType, Map<String, String> backupOptions) {
}
