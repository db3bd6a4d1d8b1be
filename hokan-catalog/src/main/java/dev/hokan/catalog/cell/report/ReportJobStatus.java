package dev.hokan.catalog.cell.report;

public enum ReportJobStatus {
    CREATED, RUNNING, COMPLETED, FAILED
}
