package dev.hokan.catalog.cell.audit;

public enum ComplianceStatus {
    COMPLIANT, NON_COMPLIANT
}
