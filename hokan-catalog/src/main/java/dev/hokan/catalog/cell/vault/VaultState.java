package dev.hokan.catalog.cell.vault;

/** A vault is CREATING until its storage exists, then AVAILABLE; FAILED when its storage could not be made. */
public enum VaultState {
    CREATING,
    AVAILABLE,
    FAILED
}
