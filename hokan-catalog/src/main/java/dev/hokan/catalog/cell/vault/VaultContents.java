package dev.hokan.catalog.cell.vault;

/** What a vault holds: how many recovery points, and the sum of their sizes (BackupSizeInBytes). */
public record VaultContents(String vaultName, long recoveryPoints, long backupSizeInBytes) {
}
