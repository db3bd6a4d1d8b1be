package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.restoretest.KeyValue;
import dev.hokan.catalog.cell.restoretest.ProtectedResourceConditions;
import dev.hokan.catalog.cell.restoretest.RecoveryPointSelection;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlanDocument;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelectionDocument;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import dev.hokan.engine.schedule.ScheduleExpression;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What AWS accepts in restore testing plans and selections, and the defaults it fills in. */
final class RestoreTestingRules {
    static final String LATEST = "LATEST_WITHIN_WINDOW";
    static final String RANDOM = "RANDOM_WITHIN_WINDOW";
    static final String SNAPSHOT = "SNAPSHOT";
    static final String CONTINUOUS = "CONTINUOUS";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_]{1,50}");
    private static final String DEFAULT_TIMEZONE = "Etc/UTC";
    private static final int DEFAULT_START_WINDOW_HOURS = 24;
    private static final int MAX_WINDOW_HOURS = 168;
    private static final int DEFAULT_SELECTION_WINDOW_DAYS = 30;
    private static final int MAX_SELECTION_WINDOW_DAYS = 365;
    private static final int MAX_RESOURCE_ARNS = 30;
    /** Keys a restore test sets itself: it restores into a scratch target of its own, which it deletes. */
    private static final Set<String> NOT_OVERRIDDEN = Set.of("targetpath", "overwrite");

    private RestoreTestingRules() {
    }

    static String name(String member, String name) {
        if (name == null) {
            throw ServiceException.missingParameter(member);
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceException.invalidParameter(member + " " + name + " is not valid: use 1 to 50 letters, digits"
                    + " and underscores");
        }
        return name;
    }

    /** The plan with its defaults; members left null in {@code update} keep their value in {@code current}. */
    static RestoreTestingPlanDocument plan(RestoreTestingPlanDocument asked, RestoreTestingPlanDocument current) {
        String schedule = asked.scheduleExpression() != null ? asked.scheduleExpression()
                : current != null ? current.scheduleExpression() : null;
        if (schedule == null) {
            throw ServiceException.missingParameter("ScheduleExpression");
        }
        String problem = ScheduleExpression.problem(schedule);
        if (problem != null) {
            throw ServiceException.invalidParameter("Invalid schedule expression " + schedule + ": " + problem);
        }
        String timezone = asked.scheduleExpressionTimezone() != null ? asked.scheduleExpressionTimezone()
                : current != null ? current.scheduleExpressionTimezone() : DEFAULT_TIMEZONE;
        if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
            throw ServiceException.invalidParameter("ScheduleExpressionTimezone " + timezone
                    + " is not an IANA time zone name such as Asia/Tokyo");
        }
        Integer start = asked.startWindowHours() != null ? asked.startWindowHours()
                : current != null ? current.startWindowHours() : DEFAULT_START_WINDOW_HOURS;
        if (start < 1 || start > MAX_WINDOW_HOURS) {
            throw ServiceException.invalidParameter("StartWindowHours must be between 1 and " + MAX_WINDOW_HOURS
                    + ", got " + start);
        }
        RecoveryPointSelection selection = asked.recoveryPointSelection() != null
                ? recoveryPointSelection(asked.recoveryPointSelection())
                : current != null ? current.recoveryPointSelection() : null;
        if (selection == null) {
            throw ServiceException.missingParameter("RecoveryPointSelection");
        }
        return new RestoreTestingPlanDocument(selection, schedule, timezone, start);
    }

    private static RecoveryPointSelection recoveryPointSelection(RecoveryPointSelection s) {
        if (s.algorithm() == null) {
            throw ServiceException.missingParameter("RecoveryPointSelection.Algorithm");
        }
        if (!s.algorithm().equals(LATEST) && !s.algorithm().equals(RANDOM)) {
            throw ServiceException.invalidParameter("Algorithm must be " + LATEST + " or " + RANDOM + ", got "
                    + s.algorithm());
        }
        if (s.includeVaults() == null || s.includeVaults().isEmpty()) {
            throw ServiceException.missingParameter("RecoveryPointSelection.IncludeVaults");
        }
        s.includeVaults().forEach(v -> vaultPattern("IncludeVaults", v));
        List<String> exclude = s.excludeVaults() == null ? List.of() : s.excludeVaults();
        exclude.forEach(v -> vaultPattern("ExcludeVaults", v));
        if (s.recoveryPointTypes() == null || s.recoveryPointTypes().isEmpty()) {
            throw ServiceException.missingParameter("RecoveryPointSelection.RecoveryPointTypes");
        }
        for (String type : s.recoveryPointTypes()) {
            if (!type.equals(SNAPSHOT) && !type.equals(CONTINUOUS)) {
                throw ServiceException.invalidParameter("RecoveryPointTypes holds " + SNAPSHOT + " and " + CONTINUOUS
                        + ", got " + type);
            }
        }
        int days = s.selectionWindowDays() == null ? DEFAULT_SELECTION_WINDOW_DAYS : s.selectionWindowDays();
        if (days < 1 || days > MAX_SELECTION_WINDOW_DAYS) {
            throw ServiceException.invalidParameter("SelectionWindowDays must be between 1 and "
                    + MAX_SELECTION_WINDOW_DAYS + ", got " + days);
        }
        return new RecoveryPointSelection(s.algorithm(), List.copyOf(s.includeVaults()), List.copyOf(exclude),
                List.copyOf(s.recoveryPointTypes().stream().distinct().toList()), days);
    }

    /** {@code *}, or a backup vault ARN in which {@code *} and {@code ?} may stand for any characters. */
    private static void vaultPattern(String member, String pattern) {
        if (pattern.equals("*")) {
            return;
        }
        boolean vaultArn = Arn.parse(pattern.replace('*', 'x').replace('?', 'x'))
                .filter(a -> a.service().equals("backup") && a.resourceId("backup-vault").isPresent()).isPresent();
        if (!vaultArn) {
            throw ServiceException.invalidParameter(member + " takes \"*\" or backup vault ARNs, in which * and ?"
                    + " may stand for any characters; got " + pattern);
        }
    }

    /** The selection with its defaults; members left null in an update keep their value in {@code current}. */
    static RestoreTestingSelectionDocument selection(RestoreTestingSelectionDocument asked,
                                                     RestoreTestingSelectionDocument current) {
        String role = asked.iamRoleArn() != null ? asked.iamRoleArn() : current != null ? current.iamRoleArn() : null;
        if (role == null) {
            throw ServiceException.missingParameter("IamRoleArn");
        }
        Names.iamRole("IamRoleArn", role);
        String type = current != null ? current.protectedResourceType() : asked.protectedResourceType();
        if (type == null) {
            throw ServiceException.missingParameter("ProtectedResourceType");
        }
        ResourceKind kind = ResourceKinds.find(type).orElseThrow(() -> ServiceException.invalidParameter(
                "ProtectedResourceType " + type + " is not a resource type Hokan protects: "
                        + ResourceKinds.supported()));
        if (kind.restoreTesting().isEmpty()) {
            throw ServiceException.invalidParameter("Resources of type " + type + " cannot be restore-tested yet");
        }
        boolean newTargets = asked.protectedResourceArns() != null || asked.protectedResourceConditions() != null;
        List<String> arns = newTargets || current == null ? asked.protectedResourceArns()
                : current.protectedResourceArns();
        ProtectedResourceConditions conditions = newTargets || current == null ? asked.protectedResourceConditions()
                : current.protectedResourceConditions();
        if (arns == null || arns.isEmpty()) {
            throw ServiceException.invalidParameter("ProtectedResourceArns must name the resources to test, or be"
                    + " [\"*\"] to test every resource of type " + type + " (with ProtectedResourceConditions if"
                    + " only some)");
        }
        if (arns.size() > MAX_RESOURCE_ARNS) {
            throw ServiceException.invalidParameter("ProtectedResourceArns names at most " + MAX_RESOURCE_ARNS
                    + " resources, got " + arns.size());
        }
        boolean all = arns.equals(List.of("*"));
        if (!all) {
            for (String arn : arns) {
                if (arn.equals("*")) {
                    throw ServiceException.invalidParameter("ProtectedResourceArns is either [\"*\"] or a list of"
                            + " resource ARNs, not both");
                }
                Arn parsed = Arn.require("ProtectedResourceArns", arn);
                if (!parsed.service().equals("hokan") || parsed.resourceId(kind.arnKind()).isEmpty()) {
                    throw ServiceException.invalidParameter("ProtectedResourceArns: " + arn + " is not the ARN of a "
                            + type + " resource");
                }
            }
            if (conditions != null) {
                throw ServiceException.invalidParameter("ProtectedResourceConditions apply only with"
                        + " ProtectedResourceArns [\"*\"], not with a list of resources");
            }
        }
        if (conditions != null) {
            conditions(conditions.stringEquals());
            conditions(conditions.stringNotEquals());
        }
        Map<String, String> overrides = asked.restoreMetadataOverrides() != null ? asked.restoreMetadataOverrides()
                : current != null ? current.restoreMetadataOverrides() : Map.of();
        Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        overrides.forEach((k, v) -> {
            if (NOT_OVERRIDDEN.contains(k.toLowerCase(Locale.ROOT))) {
                throw ServiceException.invalidParameter("RestoreMetadataOverrides cannot set " + k + ": a restore"
                        + " test restores into a scratch target of its own, which it deletes afterwards");
            }
            if (caseless.put(k, v) != null) {
                throw ServiceException.invalidParameter("RestoreMetadataOverrides gives " + k + " more than once");
            }
        });
        Integer window = asked.validationWindowHours() != null ? asked.validationWindowHours()
                : current != null ? current.validationWindowHours() : 0;
        if (window < 0 || window > MAX_WINDOW_HOURS) {
            throw ServiceException.invalidParameter("ValidationWindowHours must be between 0 and " + MAX_WINDOW_HOURS
                    + ", got " + window);
        }
        return new RestoreTestingSelectionDocument(role, kind.wireName(), List.copyOf(arns), conditions,
                Map.copyOf(overrides), window);
    }

    private static void conditions(List<KeyValue> conditions) {
        for (KeyValue c : conditions == null ? List.<KeyValue>of() : conditions) {
            if (c.key() == null || c.value() == null) {
                throw ServiceException.missingParameter("ProtectedResourceConditions: Key and Value");
            }
            if (c.key().isEmpty()) {
                throw ServiceException.invalidParameter("ProtectedResourceConditions: a Key cannot be empty");
            }
        }
    }
}
