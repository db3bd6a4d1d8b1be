package dev.hokan.catalog.cell.vault;

/**
 * What a vault is, by AWS's names: an ordinary backup vault; a logically air-gapped one, which takes recovery points
 * only by copy and is compliance-locked from its creation; or a restore access vault, which holds nothing itself and
 * gives its account access to the points of an air-gapped vault of another account.
 */
public enum VaultType {
    BACKUP_VAULT,
    LOGICALLY_AIR_GAPPED_BACKUP_VAULT,
    RESTORE_ACCESS_BACKUP_VAULT
}
