package dev.hokan.catalog.cell.vault;

/** A snapshot in one tier of a vault that no recovery point uses any more, waiting to be deleted with its data. */
public record ReleasedSnapshot(String vaultName, StorageClass storageClass, String snapshotId) {
}
