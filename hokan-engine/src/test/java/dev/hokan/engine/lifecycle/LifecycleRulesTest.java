package dev.hokan.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.RetentionClock;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ManualServiceClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
    @Test
    void keepsForeverWhenNothingIsSet() {
        assertThat(LifecycleRules.check("", null, false)).isEqualTo(Lifecycle.KEEP_FOREVER);
        assertThat(Lifecycle.KEEP_FOREVER.calculate(Instant.EPOCH).deleteAt()).isNull();
    }

    @Test
    void coldPointsStayColdForNinetyDays() {
        assertThat(LifecycleRules.check("", new Lifecycle(30L, 120L, null), false).deleteAfterDays()).isEqualTo(120L);
        assertThatThrownBy(() -> LifecycleRules.check("Error in rule r : ", new Lifecycle(30L, 119L, null), false))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Error in rule r : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart"
                        + " from MoveToColdStorageAfterDays")
                .satisfies(e -> assertThat(((ServiceException) e).type()).isEqualTo(ErrorType.INVALID_PARAMETER_VALUE));
    }

    @Test
    void boundsAndContinuousBackups() {
        assertThatThrownBy(() -> LifecycleRules.check("", new Lifecycle(null, 36_501L, null), false))
                .hasMessageContaining("cannot be less than 1 or more than 36500 days");
        assertThatThrownBy(() -> LifecycleRules.check("", new Lifecycle(0L, null, null), false))
                .hasMessageContaining("MoveToColdStorageAfterDays cannot be less than 1");
        assertThatThrownBy(() -> LifecycleRules.check("", new Lifecycle(5L, null, null), true))
                .hasMessageContaining("MoveToColdStorageAfterDays is unavailable");
        assertThatThrownBy(() -> LifecycleRules.check("", new Lifecycle(null, 36L, null), true))
                .hasMessageContaining("35 days");
    }

    @Test
    void calculatedDatesCountFromCreation() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        var c = new Lifecycle(10L, 100L, null).calculate(created);
        assertThat(c.moveToColdStorageAt()).isEqualTo(created.plus(Duration.ofDays(10)));
        assertThat(c.deleteAt()).isEqualTo(created.plus(Duration.ofDays(100)));
    }

    @Test
    void theManualClockOnlyMovesForward() {
        ManualServiceClock clock = new ManualServiceClock(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.advance(Duration.ofDays(1))).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThatThrownBy(() -> clock.set(Instant.parse("2025-12-31T00:00:00Z"))).hasMessageContaining("never goes back");
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).hasMessageContaining("never goes back");
        assertThat(clock.mode().wireName()).isEqualTo("manual");
    }

    @Test
    void minusOneInBothDayCountsRemovesTheLifecycle() {
        assertThat(LifecycleRules.checkUpdate(new Lifecycle(-1L, -1L, null))).isEqualTo(Lifecycle.KEEP_FOREVER);
        assertThatThrownBy(() -> LifecycleRules.checkUpdate(new Lifecycle(-1L, 30L, null)))
                .hasMessageContaining("MoveToColdStorageAfterDays cannot be less than 1");
        assertThat(LifecycleRules.checkUpdate(new Lifecycle(null, 30L, null)).deleteAfterDays()).isEqualTo(30L);
    }

    @Test
    void aPointInColdStorageKeepsItsColdDay() {
        RecoveryPoint cold = point(new Lifecycle(10L, 200L, null), StorageClass.COLD);
        LifecycleRules.checkColdDay(cold, "arn:p", new Lifecycle(10L, 400L, null));
        assertThatThrownBy(() -> LifecycleRules.checkColdDay(cold, "arn:p", new Lifecycle(20L, 400L, null)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Recovery point arn:p is already in cold storage, so its MoveToColdStorageAfterDays (10)"
                        + " can no longer be changed or removed")
                .satisfies(e -> assertThat(((ServiceException) e).type()).isEqualTo(ErrorType.INVALID_REQUEST));
        assertThatThrownBy(() -> LifecycleRules.checkColdDay(cold, "arn:p", new Lifecycle(null, 400L, null)))
                .hasMessageContaining("already in cold storage");
        LifecycleRules.checkColdDay(point(new Lifecycle(10L, 200L, null), StorageClass.WARM), "arn:p",
                new Lifecycle(null, 5L, null));
    }

    @Test
    void noDeleteAfterDaysIsTheLongestRetention() {
        Lifecycle forever = Lifecycle.KEEP_FOREVER;
        Lifecycle tenDays = new Lifecycle(null, 10L, null);
        assertThat(LifecycleRules.shortensRetention(forever, tenDays)).isTrue();
        assertThat(LifecycleRules.shortensRetention(tenDays, new Lifecycle(null, 9L, null))).isTrue();
        assertThat(LifecycleRules.shortensRetention(tenDays, new Lifecycle(3L, 10L, null))).isFalse();
        assertThat(LifecycleRules.shortensRetention(tenDays, forever)).isFalse();
    }

    static RecoveryPoint point(Lifecycle lifecycle, StorageClass tier) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return RecoveryPoint.builder()
                .recoveryPointId("p")
                .vaultName("v")
                .resourceArn("arn:aws:hokan:us-east-1:000000000000:directory/d")
                .resourceType(new ResourceType("Directory"))
                .resourceName("d")
                .snapshotId("s")
                .status(RecoveryPointStatus.COMPLETED)
                .creationDate(created)
                .completionDate(created)
                .backupSizeInBytes(1)
                .fileCount(1)
                .sourceLocation("/d")
                .lifecycle(lifecycle)
                .iamRoleArn("arn:aws:iam::000000000000:role/r")
                .backupJobId("j")
                .storageClass(tier)
                .retention(RetentionClock.RUNNING)
                .build();
    }
}
