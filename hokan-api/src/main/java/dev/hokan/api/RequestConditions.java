package dev.hokan.api;

import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.iam.ConditionContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The condition keys an API call brings, as AWS sets them: those of every request ({@code aws:SourceIp},
 * {@code aws:SecureTransport}, {@code aws:CurrentTime} and {@code aws:EpochTime} on the deployment's clock,
 * {@code aws:RequestedRegion}), the tags of the resource it acts on ({@code aws:ResourceTag/KEY}, read only when a
 * condition asks), and its operation's own: the tags a creating or tagging call brings ({@code aws:RequestTag/KEY},
 * {@code aws:TagKeys}) and a vault lock's limits. The principal's keys are {@code AccessControl}'s.
 */
final class RequestConditions {
    /** The member holding the tags each creating or tagging operation brings. */
    private static final Map<String, String> REQUEST_TAGS = Map.ofEntries(
            Map.entry("CreateBackupVault", "BackupVaultTags"),
            Map.entry("CreateLogicallyAirGappedBackupVault", "BackupVaultTags"),
            Map.entry("CreateRestoreAccessBackupVault", "BackupVaultTags"),
            Map.entry("CreateBackupPlan", "BackupPlanTags"),
            Map.entry("CreateLegalHold", "Tags"),
            Map.entry("CreateRestoreTestingPlan", "Tags"),
            Map.entry("CreateFramework", "FrameworkTags"),
            Map.entry("CreateReportPlan", "ReportPlanTags"),
            Map.entry("StartBackupJob", "RecoveryPointTags"),
            Map.entry("TagResource", "Tags"),
            Map.entry("HokanRegisterResource", "Tags"),
            Map.entry("HokanCreateUser", "Tags"),
            Map.entry("HokanCreateRole", "Tags"),
            Map.entry("HokanTagPrincipal", "Tags"));
    /** The tag keys an untagging operation removes. */
    private static final Map<String, Function<ApiCall, List<String>>> REMOVED_TAG_KEYS = Map.of(
            "UntagResource", call -> call.body().stringList("TagKeyList"),
            "HokanUntagPrincipal", AdminOperations::removedTagKeys);
    /** Numeric members that are condition keys of their operation. */
    private static final Map<String, Map<String, String>> NUMBERS = Map.of("PutBackupVaultLockConfiguration",
            Map.of("backup:MinRetentionDays", "MinRetentionDays", "backup:MaxRetentionDays", "MaxRetentionDays",
                    "backup:ChangeableForDays", "ChangeableForDays"));

    private final Deployment deployment;

    RequestConditions(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The keys of {@code call} acting on {@code resourceArn} ({@code "*"} for no particular resource). */
    ConditionContext of(ApiCall call, String resourceArn) {
        Map<String, List<String>> keys = new HashMap<>();
        Instant now = deployment.clock().now().truncatedTo(ChronoUnit.SECONDS);
        keys.put("aws:CurrentTime", List.of(now.toString()));
        keys.put("aws:EpochTime", List.of(String.valueOf(now.getEpochSecond())));
        keys.put("aws:SecureTransport", List.of(String.valueOf(call.connection().secure())));
        call.connection().sourceIp().ifPresent(ip -> keys.put("aws:SourceIp", List.of(ip)));
        keys.put("aws:RequestedRegion", List.of(call.region()));
        keys.put("aws:ViaAWSService", List.of("false"));
        String tagsMember = REQUEST_TAGS.get(call.operation());
        Map<String, String> requestTags = tagsMember == null ? null : call.body().stringMap(tagsMember);
        if (requestTags != null) {
            requestTags.forEach((key, value) -> keys.put("aws:RequestTag/" + key, List.of(value)));
            keys.put("aws:TagKeys", List.copyOf(requestTags.keySet()));
        }
        Function<ApiCall, List<String>> removedKeys = REMOVED_TAG_KEYS.get(call.operation());
        List<String> removed = removedKeys == null ? null : removedKeys.apply(call);
        if (removed != null) {
            keys.put("aws:TagKeys", removed);
        }
        NUMBERS.getOrDefault(call.operation(), Map.of()).forEach((key, member) -> {
            Long number = call.body().longValue(member);
            if (number != null) {
                keys.put(key, List.of(number.toString()));
            }
        });
        ConditionContext context = ConditionContext.empty().with(keys);
        return resourceArn.equals("*") ? context : context.withResourceTags(() -> resourceTags(call, resourceArn));
    }

    /** The tags the caller's cell keeps for the resource; a resource of another account or region has none here. */
    private Map<String, String> resourceTags(ApiCall call, String resourceArn) {
        String account = call.caller().accountId();
        boolean inCell = Arn.parse(resourceArn)
                .filter(arn -> arn.account().equals(account) && arn.region().equals(call.region())).isPresent();
        return inCell ? deployment.cell(account, call.region()).tags().stored(resourceArn) : Map.of();
    }
}
