package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.ComplianceStatus;

/** What a control found about one resource, and why. */
public record Verdict(ComplianceStatus status, String reason) {
    static Verdict compliant(String reason) {
        return new Verdict(ComplianceStatus.COMPLIANT, reason);
    }

    static Verdict nonCompliant(String reason) {
        return new Verdict(ComplianceStatus.NON_COMPLIANT, reason);
    }
}
