package dev.hokan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

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
        return new RecoveryPoint("p", vault, RESOURCE, new ResourceType("Directory"), "web", "s",
                RecoveryPointStatus.COMPLETED, null, CREATED, CREATED, 1, 1, "/web", Lifecycle.KEEP_FOREVER,
                "arn:aws:iam::000000000000:role/r", "j", null, null, StorageClass.WARM, RetentionClock.RUNNING, null);
    }
}
