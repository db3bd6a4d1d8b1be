package dev.hokan.catalog.cell.vault;

/** Where a recovery point's data lives: the vault's warm tier or its cold tier. */
public enum StorageClass {
    WARM, COLD
}
