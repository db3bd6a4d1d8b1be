package dev.hokan.catalog.cell.protection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegalHoldSelectionTest {
    static final Instant CREATED = Instant.parse("2022-11-28T23:29:44.263Z");
    static final String RESOURCE = "arn:aws:hokan:us-east-1:000000000000:directory/web";

    @Test
    void criteriaAreAndedAndListEntriesOred() {
        RecoveryPoint p = point("legal-hold");
        assertThat(new LegalHoldSelection(null, null, null, null).matches(p)).isTrue();
        assertThat(new LegalHoldSelection(List.of("other", "legal-hold"), null, null, null).matches(p)).isTrue();
        assertThat(new LegalHoldSelection(List.of("other"), null, null, null).matches(p)).isFalse();
        assertThat(new LegalHoldSelection(null, List.of("Directory"), null, null).matches(p)).isTrue();
        assertThat(new LegalHoldSelection(null, List.of(RESOURCE), null, null).matches(p)).isTrue();
        assertThat(new LegalHoldSelection(List.of("legal-hold"), List.of("EBS"), null, null).matches(p)).isFalse();
    }

    @Test
    void theDateRangeIsInclusiveAndToDateCountsWholeSeconds() {
        RecoveryPoint p = point("v");
        assertThat(new LegalHoldSelection(null, null, CREATED, CREATED).matches(p)).isTrue();
        assertThat(new LegalHoldSelection(null, null, CREATED.plusMillis(1), null).matches(p)).isFalse();
        Instant sameSecond = Instant.parse("2022-11-28T23:29:44Z");
        assertThat(new LegalHoldSelection(null, null, null, sameSecond).matches(p)).as("botocore drops the millis")
                .isTrue();
        assertThat(new LegalHoldSelection(null, null, null, sameSecond.minusSeconds(1)).matches(p)).isFalse();
        assertThat(new LegalHoldSelection(null, null, null, sameSecond).createdBefore())
                .isEqualTo(sameSecond.plusSeconds(1));
    }

    private static RecoveryPoint point(String vault) {
        return RecoveryPoint.builder()
                .recoveryPointId("p")
                .vaultName(vault)
                .resourceArn(RESOURCE)
                .resourceType(new ResourceType("Directory"))
                .resourceName("web")
                .snapshotId("s")
                .status(RecoveryPointStatus.COMPLETED)
                .creationDate(CREATED)
                .completionDate(CREATED)
                .backupSizeInBytes(1)
                .fileCount(1)
                .sourceLocation("/web")
                .lifecycle(Lifecycle.KEEP_FOREVER)
                .iamRoleArn("arn:aws:iam::000000000000:role/r")
                .backupJobId("j")
                .storageClass(StorageClass.WARM)
                .retention(RetentionClock.RUNNING)
                .build();
    }
}
