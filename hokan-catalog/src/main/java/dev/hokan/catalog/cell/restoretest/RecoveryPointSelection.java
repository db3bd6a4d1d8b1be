package dev.hokan.catalog.cell.restoretest;

import java.util.List;

/**
 * Which recovery point a restore test takes of each selected resource: by {@code algorithm}, among the points of the
 * {@code recoveryPointTypes} in the vaults {@code includeVaults} names and {@code excludeVaults} does not, created
 * in the last {@code selectionWindowDays}.
 */
public record RecoveryPointSelection(String algorithm, List<String> includeVaults, List<String> excludeVaults,
                                     List<String> recoveryPointTypes, Integer selectionWindowDays) {
}
