package dev.hokan.catalog.cell.plan;

import dev.hokan.catalog.cell.vault.Lifecycle;

public record CopyAction(String destinationBackupVaultArn, Lifecycle lifecycle) {
}
