package dev.hokan.catalog.cell.restoretest;

/** What a restore testing plan says, all of which UpdateRestoreTestingPlan may change. */
public record RestoreTestingPlanDocument(RecoveryPointSelection recoveryPointSelection, String scheduleExpression,
                                         String scheduleExpressionTimezone, int startWindowHours) {
}
