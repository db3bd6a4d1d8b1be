package dev.hokan.engine.report;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.audit.ComplianceStatus;
import dev.hokan.catalog.cell.audit.ControlEvaluation;
import dev.hokan.catalog.cell.audit.ControlScope;
import dev.hokan.catalog.cell.audit.Framework;
import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.ServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of the compliance reports, from the latest evaluation of each framework the report names in one cell:
 * per control ({@code CONTROL_COMPLIANCE_REPORT}) or per control and resource ({@code RESOURCE_COMPLIANCE_REPORT}),
 * with the columns of AWS's sample reports ("Choosing your report template", AWS Backup Developer Guide).
 */
final class ComplianceTables {
    /** AWS Config's word for a control that evaluated no resource. */
    static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";
    /** How often Hokan evaluates every control (daily), in AWS Config's words. */
    static final String FREQUENCY = "TwentyFour_Hours";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ComplianceTables() {
    }

    /** One row per control of each framework: its status over the resources in its scope, and how many. */
    static ReportTable controls(CellTx tx, Account account, List<String> frameworkArns) {
        List<String> columns = List.of("accountId", "region", "frameworkName", "frameworkDescription", "controlName",
                "controlComplianceStatus", "lastEvaluationTime", "numResourcesCompliant", "numResourcesNonCompliant",
                "controlFrequency", "controlScope", "controlParameters");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Framework framework : frameworks(tx, account, frameworkArns)) {
            List<ControlEvaluation> evaluations = tx.frameworks().evaluations(framework.name());
            for (FrameworkControl control : framework.document().controls()) {
                List<ControlEvaluation> ofControl = evaluations.stream()
                        .filter(e -> e.controlName().equals(control.controlName())).toList();
                long compliant = ofControl.stream().filter(e -> e.status() == ComplianceStatus.COMPLIANT).count();
                long nonCompliant = ofControl.size() - compliant;
                Map<String, Object> row = frameworkColumns(account, framework, control.controlName());
                row.put("controlComplianceStatus", ofControl.isEmpty() ? INSUFFICIENT_DATA : nonCompliant > 0
                        ? ComplianceStatus.NON_COMPLIANT.name() : ComplianceStatus.COMPLIANT.name());
                row.put("lastEvaluationTime", ReportTemplate.date(ofControl.stream().map(ControlEvaluation::evaluatedAt)
                        .max(Instant::compareTo).orElse(framework.evaluatedAt())));
                row.put("numResourcesCompliant", compliant);
                row.put("numResourcesNonCompliant", nonCompliant);
                row.put("controlFrequency", FREQUENCY);
                row.put("controlScope", scope(control.scope()));
                row.put("controlParameters", control.inputParameters().isEmpty() ? ""
                        : JSON.writeValueAsString(control.inputParameters()));
                rows.add(row);
            }
        }
        return new ReportTable(columns, rows);
    }

    /** One row per control and resource in its scope, as the framework's latest evaluation found it. */
    static ReportTable resources(CellTx tx, Account account, List<String> frameworkArns) {
        List<String> columns = List.of("accountId", "region", "frameworkName", "frameworkDescription", "controlName",
                "resourceName", "resourceId", "resourceType", "resourceComplianceStatus", "lastEvaluationTime");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Framework framework : frameworks(tx, account, frameworkArns)) {
            for (ControlEvaluation evaluation : tx.frameworks().evaluations(framework.name())) {
                Map<String, Object> row = frameworkColumns(account, framework, evaluation.controlName());
                row.put("resourceName", resourceName(tx, evaluation));
                row.put("resourceId", evaluation.resourceId());
                row.put("resourceType", evaluation.resourceType());
                row.put("resourceComplianceStatus", evaluation.status().name());
                row.put("lastEvaluationTime", ReportTemplate.date(evaluation.evaluatedAt()));
                rows.add(row);
            }
        }
        return new ReportTable(columns, rows);
    }

    /**
     * The frameworks of {@code frameworkArns} that are in this cell, in the order named; one that no longer exists
     * fails the report.
     */
    private static List<Framework> frameworks(CellTx tx, Account account, List<String> frameworkArns) {
        List<Framework> all = tx.frameworks().all();
        List<Framework> named = new ArrayList<>();
        for (String arn : frameworkArns) {
            Arn parsed = Arn.parse(arn).orElseThrow();
            if (parsed.account().equals(account.accountId()) && parsed.region().equals(account.region())) {
                named.add(all.stream().filter(f -> f.arn().equals(arn)).findFirst().orElseThrow(() ->
                        ServiceException.notFound("Framework " + arn + " does not exist")));
            }
        }
        return named;
    }

    private static Map<String, Object> frameworkColumns(Account account, Framework framework, String control) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("accountId", account.accountId());
        row.put("region", account.region());
        row.put("frameworkName", framework.name());
        row.put("frameworkDescription", framework.document().description() == null ? ""
                : framework.document().description());
        row.put("controlName", control);
        return row;
    }

    /** A control's scope as JSON with AWS's member names, empty when it has none. */
    private static String scope(ControlScope scope) {
        if (scope == null) {
            return "";
        }
        Map<String, Object> members = new LinkedHashMap<>();
        if (scope.complianceResourceIds() != null) {
            members.put("ComplianceResourceIds", scope.complianceResourceIds());
        }
        if (scope.complianceResourceTypes() != null) {
            members.put("ComplianceResourceTypes", scope.complianceResourceTypes());
        }
        if (scope.tags() != null) {
            members.put("Tags", scope.tags());
        }
        return members.isEmpty() ? "" : JSON.writeValueAsString(members);
    }

    /**
     * What an evaluated resource is called: a protected resource's or a plan's name, a vault's name; a recovery
     * point has none.
     */
    private static String resourceName(CellTx tx, ControlEvaluation evaluation) {
        Arn arn = Arn.parse(evaluation.resourceId()).orElseThrow();
        return switch (evaluation.resourceType()) {
            case "BackupPlan" -> arn.resourceId("backup-plan").flatMap(id -> tx.plans().find(id))
                    .map(plan -> plan.document().backupPlanName()).orElse("");
            case "BackupVault" -> arn.resourceId("backup-vault").orElse("");
            case "RecoveryPoint" -> "";
            default -> tx.resources().find(evaluation.resourceId()).map(LocalResource::name).orElse("");
        };
    }
}
