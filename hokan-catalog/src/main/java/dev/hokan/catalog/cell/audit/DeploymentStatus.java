package dev.hokan.catalog.cell.audit;

/**
 * Where a framework's deployment stands, as DescribeFramework shows it: in progress from its creation or last
 * update until its controls have been evaluated once, then completed.
 */
public enum DeploymentStatus {
    CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS, COMPLETED
}
