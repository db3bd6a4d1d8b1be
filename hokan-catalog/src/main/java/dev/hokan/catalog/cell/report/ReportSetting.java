package dev.hokan.catalog.cell.report;

import java.util.List;

/**
 * What a report plan reports on: its template and, where the template takes them, the frameworks, accounts,
 * organizational units and regions it covers. A request may leave the lists null; a stored plan has them all.
 */
public record ReportSetting(String reportTemplate, List<String> frameworkArns, Integer numberOfFrameworks,
                            List<String> accounts, List<String> organizationUnits, List<String> regions) {
}
