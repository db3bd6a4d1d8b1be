package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.backup.model.AdvancedBackupSetting;
import software.amazon.awssdk.services.backup.model.AlreadyExistsException;
import software.amazon.awssdk.services.backup.model.BackupPlanInput;
import software.amazon.awssdk.services.backup.model.BackupRuleInput;
import software.amazon.awssdk.services.backup.model.BackupSelection;
import software.amazon.awssdk.services.backup.model.Condition;
import software.amazon.awssdk.services.backup.model.ConditionParameter;
import software.amazon.awssdk.services.backup.model.ConditionType;
import software.amazon.awssdk.services.backup.model.CopyAction;
import software.amazon.awssdk.services.backup.model.CreateBackupPlanResponse;
import software.amazon.awssdk.services.backup.model.GetBackupPlanResponse;
import software.amazon.awssdk.services.backup.model.InvalidParameterValueException;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.Lifecycle;
import software.amazon.awssdk.services.backup.model.MissingParameterValueException;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

class PlanApiTest extends ServerTestBase {
    @BeforeAll
    static void createVault() {
        backup.createBackupVault(r -> r.backupVaultName("plans-vault"));
    }

    private static BackupRuleInput.Builder rule(String name) {
        return BackupRuleInput.builder().ruleName(name).targetBackupVaultName("plans-vault")
                .scheduleExpression("cron(0 3 ? * * *)");
    }

    private static BackupPlanInput plan(String name, BackupRuleInput.Builder... rules) {
        return BackupPlanInput.builder().backupPlanName(name)
                .rules(Arrays.stream(rules).map(BackupRuleInput.Builder::build).toList()).build();
    }

    /** As on AWS, a rule may name a vault created later (docs/aws-compatibility.md); SchedulerTest runs it. */
    @Test
    void aRuleMayTargetAVaultThatDoesNotExistYet() throws Exception {
        AwsCliTest.findCli();
        AwsCliTest.Result created = AwsCliTest.aws("create-backup-plan", "--backup-plan", """
                {"BackupPlanName": "ahead-of-its-vault", "Rules": [{"RuleName": "nightly",
                 "TargetBackupVaultName": "created-later", "ScheduleExpression": "cron(0 3 ? * * *)"}]}""");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.json().get("BackupPlanId").asString();
        assertThat(backup.getBackupPlan(r -> r.backupPlanId(id)).backupPlan().rules().getFirst()
                .targetBackupVaultName()).isEqualTo("created-later");
        assertThat(backup.updateBackupPlan(r -> r.backupPlanId(id).backupPlan(plan("ahead-of-its-vault",
                rule("nightly").targetBackupVaultName("also-later")))).versionId()).isNotBlank();
    }

    @Test
    void planLifeCycleWithVersions() {
        CreateBackupPlanResponse created = backup.createBackupPlan(r -> r.backupPlan(plan("daily",
                rule("nightly").lifecycle(Lifecycle.builder().deleteAfterDays(35L).build())
                        .recoveryPointTags(Map.of("tier", "gold")))).backupPlanTags(Map.of("owner", "ops")));
        String id = created.backupPlanId();
        assertThat(created.backupPlanArn()).isEqualTo("arn:aws:backup:us-east-1:000000000000:backup-plan:" + id);

        GetBackupPlanResponse got = backup.getBackupPlan(r -> r.backupPlanId(id));
        assertThat(got.versionId()).isEqualTo(created.versionId());
        var storedRule = got.backupPlan().rules().getFirst();
        assertThat(storedRule.ruleId()).isNotBlank();
        assertThat(storedRule.startWindowMinutes()).isEqualTo(480L);
        assertThat(storedRule.completionWindowMinutes()).isEqualTo(10080L);
        assertThat(storedRule.scheduleExpressionTimezone()).isEqualTo("Etc/UTC");
        assertThat(storedRule.lifecycle().deleteAfterDays()).isEqualTo(35L);
        assertThat(storedRule.recoveryPointTags()).containsEntry("tier", "gold");
        assertThat(backup.listTags(r -> r.resourceArn(created.backupPlanArn())).tags()).containsEntry("owner", "ops");

        hokan.advanceClock(Duration.ofMinutes(1));
        var updated = backup.updateBackupPlan(r -> r.backupPlanId(id).backupPlan(plan("daily",
                rule("nightly").lifecycle(Lifecycle.builder().deleteAfterDays(90L).build()), rule("weekly")
                        .scheduleExpression("cron(0 4 ? * SUN *)"))));
        assertThat(updated.versionId()).isNotEqualTo(created.versionId());
        GetBackupPlanResponse current = backup.getBackupPlan(r -> r.backupPlanId(id));
        assertThat(current.backupPlan().rules()).hasSize(2);
        assertThat(current.backupPlan().rules().getFirst().ruleId()).isEqualTo(storedRule.ruleId());
        GetBackupPlanResponse first = backup.getBackupPlan(r -> r.backupPlanId(id).versionId(created.versionId()));
        assertThat(first.backupPlan().rules()).hasSize(1);
        assertThat(first.backupPlan().rules().getFirst().lifecycle().deleteAfterDays()).isEqualTo(35L);
        assertThat(backup.listBackupPlanVersions(r -> r.backupPlanId(id)).backupPlanVersionsList())
                .extracting(v -> v.versionId()).containsExactly(created.versionId(), updated.versionId());
        assertThatThrownBy(() -> backup.getBackupPlan(r -> r.backupPlanId(id).versionId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);

        var deleted = backup.deleteBackupPlan(r -> r.backupPlanId(id));
        assertThat(deleted.deletionDate()).isNotNull();
        assertThat(backup.listBackupPlans(r -> r.build()).backupPlansList()).noneMatch(p -> p.backupPlanId().equals(id));
        assertThat(backup.listBackupPlans(r -> r.includeDeleted(true)).backupPlansList())
                .anyMatch(p -> p.backupPlanId().equals(id) && p.deletionDate() != null);
    }

    @Test
    void advancedBackupSettingsAreKeptAndEchoed() {
        BackupPlanInput input = plan("advanced", rule("a")).toBuilder()
                .advancedBackupSettings(AdvancedBackupSetting.builder().resourceType("Directory")
                        .backupOptions(Map.of("Compression", "zstd")).build())
                .build();
        var created = backup.createBackupPlan(r -> r.backupPlan(input));
        assertThat(created.advancedBackupSettings()).singleElement()
                .satisfies(a -> assertThat(a.backupOptions()).containsEntry("Compression", "zstd"));
        var got = backup.getBackupPlan(r -> r.backupPlanId(created.backupPlanId()));
        assertThat(got.advancedBackupSettings()).singleElement()
                .satisfies(a -> assertThat(a.resourceType()).isEqualTo("Directory"));
        assertThat(got.backupPlan().advancedBackupSettings()).hasSize(1);
    }

    @Test
    void creatorRequestIdAndIdenticalDocuments() {
        var a = backup.createBackupPlan(r -> r.backupPlan(plan("idem", rule("r1"))).creatorRequestId("plan-req-1"));
        var again = backup.createBackupPlan(r -> r.backupPlan(plan("idem", rule("r1"))).creatorRequestId("plan-req-1"));
        assertThat(again.backupPlanId()).isEqualTo(a.backupPlanId());
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("idem", rule("r1")))
                .creatorRequestId("plan-req-2")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("Backup plan with the same plan document already exists")
                .satisfies(e -> assertThat(((AlreadyExistsException) e).arn()).endsWith(a.backupPlanId()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad cron field         | cron(99 * ? * * *)        | minutes value 99",
        "five fields            | cron(0 5 ? * *)           | 6 fields",
        "both days given        | cron(0 5 1 * MON *)       | exactly one of day-of-month and day-of-week",
        "more than hourly       | cron(0/15 * ? * * *)      | at most once an hour",
        "rate under an hour     | rate(30 minutes)          | at least 60 minutes",
        "plural unit for one    | rate(1 hours)             | singular",
        "not an expression      | every day                 | expected cron",
    })
    void invalidSchedulesAreRefused(String what, String schedule, String message) {
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("bad-" + what.replace(' ', '-'),
                rule("r").scheduleExpression(schedule)))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Error in rule r : Invalid schedule expression")
                .hasMessageContaining(message);
    }

    @Test
    void validSchedulesAreAccepted() {
        List<String> ok = List.of("cron(0 21 * * ? *)", "cron(0 3 ? * SUN *)", "cron(0 5/12 ? * * *)",
                "cron(30 1 L * ? *)", "cron(0 2 ? * 6#3 *)", "cron(0 2 15W * ? 2026-2030)", "cron(0 2 ? * 6L *)",
                "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(90 minutes)");
        for (int i = 0; i < ok.size(); i++) {
            String schedule = ok.get(i);
            String name = "good-" + i;
            backup.createBackupPlan(r -> r.backupPlan(plan(name, rule("r").scheduleExpression(schedule))));
        }
    }

    @Test
    void everyRuleCheckHasItsMessage() {
        expectInvalid(rule("r").startWindowMinutes(59L), "StartWindowMinutes must be between 60");
        expectInvalid(rule("r").startWindowMinutes(120L).completionWindowMinutes(150L),
                "must be at least 60 minutes longer than StartWindowMinutes");
        expectInvalid(rule("r").lifecycle(Lifecycle.builder().moveToColdStorageAfterDays(30L).deleteAfterDays(100L)
                .build()), "Error in rule r : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart"
                + " from MoveToColdStorageAfterDays");
        expectInvalid(rule("r").lifecycle(Lifecycle.builder().deleteAfterDays(0L).build()),
                "DeleteAfterDays cannot be less than 1 or more than 36500 days");
        expectInvalid(rule("r").lifecycle(Lifecycle.builder().deleteAfterDays(36501L).build()),
                "DeleteAfterDays cannot be less than 1 or more than 36500 days");
        expectInvalid(rule("r").enableContinuousBackup(true).lifecycle(Lifecycle.builder()
                .moveToColdStorageAfterDays(10L).build()), "MoveToColdStorageAfterDays is unavailable");
        expectInvalid(rule("r").targetBackupVaultName("bad name"), "Error in rule r : Backup vault name bad name is not valid");
        expectInvalid(rule("bad rule name"), "Rule name bad rule name is not valid");
        expectInvalid(rule("r").scheduleExpressionTimezone("Mars/Olympus"), "is not an IANA time zone");
        expectInvalid(rule("r").scheduleExpressionTimezone("+09:00"), "is not an IANA time zone");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("dupe-rules", rule("same"),
                rule("same")))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("used more than once");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("bad plan name!", rule("r")))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Backup plan name");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(BackupPlanInput.builder()
                .backupPlanName("no-rules").rules(List.of()).build())))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("at least one rule");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(BackupPlanInput.builder()
                .rules(rule("r").build()).build())))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("BackupPlanName");
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("copy",
                rule("r").copyActions(CopyAction.builder().destinationBackupVaultArn("arn:aws:s3:::bucket").build())))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not a backup vault ARN");
    }

    private static void expectInvalid(BackupRuleInput.Builder rule, String message) {
        assertThatThrownBy(() -> backup.createBackupPlan(r -> r.backupPlan(plan("invalid", rule))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining(message);
    }

    @Test
    void templatesShipTheFourDataTiers() {
        var templates = backup.listBackupPlanTemplates(r -> r.build()).backupPlanTemplatesList();
        assertThat(templates).extracting(t -> t.backupPlanTemplateName())
                .containsExactlyInAnyOrder("mission_critical", "business_critical", "operational", "archival");
        var mission = backup.getBackupPlanFromTemplate(r -> r.backupPlanTemplateId("mission_critical"))
                .backupPlanDocument();
        var rule = mission.rules().getFirst();
        assertThat(rule.lifecycle().deleteAfterDays()).isEqualTo(2555L);
        assertThat(rule.recoveryPointTags()).containsEntry("hokan:rpo-minutes", "15")
                .containsEntry("hokan:rto-minutes", "30");
        var archival = backup.getBackupPlanFromTemplate(r -> r.backupPlanTemplateId("archival")).backupPlanDocument();
        assertThat(archival.rules().getFirst().lifecycle().deleteAfterDays()).isEqualTo(3650L);
        assertThat(backup.getBackupPlanFromTemplate(r -> r.backupPlanTemplateId("operational")).backupPlanDocument()
                .rules().getFirst().lifecycle().deleteAfterDays()).isEqualTo(365L);
        assertThat(backup.getBackupPlanFromTemplate(r -> r.backupPlanTemplateId("business_critical"))
                .backupPlanDocument().rules().getFirst().lifecycle().deleteAfterDays()).isEqualTo(1095L);
        assertThatThrownBy(() -> backup.getBackupPlanFromTemplate(r -> r.backupPlanTemplateId("gold")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(backup.listBackupPlanTemplates(r -> r.maxResults(3)).nextToken()).isNotNull();

        var fromTemplate = BackupPlanInput.builder().backupPlanName("from-template")
                .rules(mission.rules().stream().map(r -> BackupRuleInput.builder().ruleName(r.ruleName())
                        .targetBackupVaultName(r.targetBackupVaultName()).scheduleExpression(r.scheduleExpression())
                        .startWindowMinutes(r.startWindowMinutes()).lifecycle(r.lifecycle())
                        .recoveryPointTags(r.recoveryPointTags()).build()).toList()).build();
        assertThat(backup.createBackupPlan(r -> r.backupPlan(fromTemplate)).backupPlanId()).isNotBlank();
    }

    @Test
    void exportAndImportJson() {
        String id = backup.createBackupPlan(r -> r.backupPlan(plan("exported", rule("e")
                .lifecycle(Lifecycle.builder().deleteAfterDays(10L).build())))).backupPlanId();
        String json = backup.exportBackupPlanTemplate(r -> r.backupPlanId(id)).backupPlanTemplateJson();
        var imported = backup.getBackupPlanFromJSON(r -> r.backupPlanTemplateJson(json)).backupPlan();
        assertThat(imported.backupPlanName()).isEqualTo("exported");
        assertThat(imported.rules().getFirst().lifecycle().deleteAfterDays()).isEqualTo(10L);
        assertThatThrownBy(() -> backup.getBackupPlanFromJSON(r -> r.backupPlanTemplateJson("{not json")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> backup.getBackupPlanFromJSON(r -> r.backupPlanTemplateJson(
                json.replace("cron(0 3 ? * * *)", "cron(0 3 * * * *)"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("day-of-week");
    }

    @Test
    void selectionsLifeCycleAndTheirRules() {
        String id = backup.createBackupPlan(r -> r.backupPlan(plan("with-selections", rule("s")))).backupPlanId();
        Consumer<BackupSelection.Builder> selection = s -> s.selectionName("web-servers").iamRoleArn(TestServer.ROLE)
                .resources("arn:aws:hokan:us-east-1:000000000000:directory/*")
                .notResources("arn:aws:hokan:us-east-1:000000000000:directory/tmp")
                .listOfTags(Condition.builder().conditionType(ConditionType.STRINGEQUALS).conditionKey("AWSBackup")
                        .conditionValue("EC2").build())
                .conditions(c -> c.stringLike(ConditionParameter.builder().conditionKey("aws:ResourceTag/env")
                        .conditionValue("prod*").build()));
        var created = backup.createBackupSelection(r -> r.backupPlanId(id).backupSelection(selection)
                .creatorRequestId("sel-1"));
        assertThat(backup.createBackupSelection(r -> r.backupPlanId(id).backupSelection(selection)
                .creatorRequestId("sel-1")).selectionId()).isEqualTo(created.selectionId());
        var got = backup.getBackupSelection(r -> r.backupPlanId(id).selectionId(created.selectionId()));
        assertThat(got.backupSelection().resources()).containsExactly("arn:aws:hokan:us-east-1:000000000000:directory/*");
        assertThat(got.backupSelection().conditions().stringLike().getFirst().conditionValue()).isEqualTo("prod*");
        assertThat(got.creatorRequestId()).isEqualTo("sel-1");
        assertThat(backup.listBackupSelections(r -> r.backupPlanId(id)).backupSelectionsList())
                .extracting(s -> s.selectionName()).containsExactly("web-servers");

        assertThatThrownBy(() -> backup.deleteBackupPlan(r -> r.backupPlanId(id)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Related backup plan selections must be deleted prior to backup plan deletion");
        backup.deleteBackupSelection(r -> r.backupPlanId(id).selectionId(created.selectionId()));
        assertThatThrownBy(() -> backup.getBackupSelection(r -> r.backupPlanId(id).selectionId(created.selectionId())))
                .isInstanceOf(ResourceNotFoundException.class);
        backup.deleteBackupPlan(r -> r.backupPlanId(id));
    }

    @Test
    void invalidSelectionsAreRefused() {
        String id = backup.createBackupPlan(r -> r.backupPlan(plan("selection-checks", rule("c")))).backupPlanId();
        expectInvalidSelection(id, s -> s.selectionName("bad name").iamRoleArn(TestServer.ROLE), "Selection name");
        expectInvalidSelection(id, s -> s.selectionName("ok").iamRoleArn("arn:aws:iam::000000000000:user/bob"),
                "not a valid IAM role ARN");
        expectInvalidSelection(id, s -> s.selectionName("ok").iamRoleArn(TestServer.ROLE).resources("web-server"),
                "neither \"*\" nor an ARN");
        expectInvalidSelection(id, s -> s.selectionName("ok").iamRoleArn(TestServer.ROLE)
                .conditions(c -> c.stringEquals(ConditionParameter.builder().conditionKey("env").conditionValue("prod")
                        .build())),
                "aws:ResourceTag/<tag key>");
        assertThatThrownBy(() -> backup.createBackupSelection(r -> r.backupPlanId(id)
                .backupSelection(s -> s.selectionName("ok"))))
                .isInstanceOf(MissingParameterValueException.class).hasMessageContaining("IamRoleArn");
        assertThatThrownBy(() -> backup.createBackupSelection(r -> r.backupPlanId("no-such-plan")
                .backupSelection(s -> s.selectionName("ok").iamRoleArn(TestServer.ROLE))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static void expectInvalidSelection(String planId, Consumer<BackupSelection.Builder> s, String message) {
        assertThatThrownBy(() -> backup.createBackupSelection(r -> r.backupPlanId(planId).backupSelection(s)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining(message);
    }
}
