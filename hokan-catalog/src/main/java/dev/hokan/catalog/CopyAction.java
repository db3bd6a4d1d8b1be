package dev.hokan.catalog;

public record CopyAction(String destinationBackupVaultArn, Lifecycle lifecycle) {
}
