package dev.hokan.catalog;

import java.util.Map;

public record AdvancedBackupSetting(String resourceType, Map<String, String> backupOptions) {
}
