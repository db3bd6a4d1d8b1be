package dev.hokan.catalog.cell.restoretest;

/**
 * What a restore testing plan says, all of which UpdateRestoreTestingPlan may change. A request may leave members
 * null; a stored plan has every default filled in.
 */
public record RestoreTestingPlanDocument(RecoveryPointSelection recoveryPointSelection, String scheduleExpression,
                                         String scheduleExpressionTimezone, Integer startWindowHours) {
}
