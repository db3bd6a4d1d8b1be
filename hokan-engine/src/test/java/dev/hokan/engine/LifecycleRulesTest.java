package dev.hokan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.catalog.Lifecycle;
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
}
