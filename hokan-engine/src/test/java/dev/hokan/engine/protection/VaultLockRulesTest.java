package dev.hokan.engine.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.engine.ErrorType;
import dev.hokan.engine.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultLockRulesTest {
    static final Instant SET = Instant.parse("2026-01-01T00:00:00Z");
    static final VaultLock LIMITED = new VaultLock("v", 7L, 30L, null, SET);

    @Test
    void newPointsMustBeKeptWithinTheLimits() {
        assertThat(VaultLockRules.retentionProblem(LIMITED, new Lifecycle(null, 7L, null))).isEmpty();
        assertThat(VaultLockRules.retentionProblem(LIMITED, new Lifecycle(null, 30L, null))).isEmpty();
        assertThat(VaultLockRules.retentionProblem(LIMITED, new Lifecycle(null, 6L, null))).get().asString()
                .contains("at least 7 days");
        assertThat(VaultLockRules.retentionProblem(LIMITED, new Lifecycle(null, 31L, null))).get().asString()
                .contains("at most 30 days");
        assertThat(VaultLockRules.retentionProblem(LIMITED, Lifecycle.KEEP_FOREVER)).get().asString()
                .contains("forever");
        VaultLock minimumOnly = new VaultLock("v", 7L, null, null, SET);
        assertThat(VaultLockRules.retentionProblem(minimumOnly, Lifecycle.KEEP_FOREVER)).isEmpty();
    }

    @Test
    void complianceModeIsImmutableFromItsLockDate() {
        VaultLock compliance = new VaultLock("v", 7L, null, SET.plus(Duration.ofDays(3)), SET);
        VaultLockRules.checkChangeable(compliance, SET.plus(Duration.ofDays(3)).minusMillis(1));
        assertThatThrownBy(() -> VaultLockRules.checkChangeable(compliance, SET.plus(Duration.ofDays(3))))
                .isInstanceOf(ServiceException.class).hasMessageContaining("immutable")
                .satisfies(e -> assertThat(((ServiceException) e).type()).isEqualTo(ErrorType.INVALID_REQUEST));
        VaultLockRules.checkChangeable(LIMITED, SET.plus(Duration.ofDays(36_500)));
    }

    @Test
    void configurationsAreChecked() {
        VaultLockRules.checkConfiguration(null, null, null);
        VaultLockRules.checkConfiguration(1L, 36_500L, 3L);
        assertThatThrownBy(() -> VaultLockRules.checkConfiguration(null, null, 2L))
                .hasMessageContaining("ChangeableForDays must be between 3 and 36500");
        assertThatThrownBy(() -> VaultLockRules.checkConfiguration(0L, null, null))
                .hasMessageContaining("MinRetentionDays");
        assertThatThrownBy(() -> VaultLockRules.checkConfiguration(null, 36_501L, null))
                .hasMessageContaining("MaxRetentionDays");
        assertThatThrownBy(() -> VaultLockRules.checkConfiguration(8L, 7L, null))
                .hasMessageContaining("cannot be less than MinRetentionDays");
    }

    @Test
    void lockedPointsKeepTheirRetentionOrGetMore() {
        Lifecycle tenDays = new Lifecycle(null, 10L, null);
        VaultLockRules.checkLifecycleUpdate(LIMITED, tenDays, new Lifecycle(null, 20L, null));
        VaultLockRules.checkLifecycleUpdate(LIMITED, tenDays, new Lifecycle(5L, 10L, null));
        assertThatThrownBy(() -> VaultLockRules.checkLifecycleUpdate(LIMITED, tenDays, new Lifecycle(null, 9L, null)))
                .hasMessageContaining("cannot be shortened");
        assertThatThrownBy(() -> VaultLockRules.checkLifecycleUpdate(LIMITED, tenDays, Lifecycle.KEEP_FOREVER))
                .hasMessageContaining("at most 30 days");
        Lifecycle fromBeforeTheLock = new Lifecycle(null, 400L, null);
        VaultLockRules.checkLifecycleUpdate(LIMITED, fromBeforeTheLock, new Lifecycle(100L, 400L, null));
    }

    @Test
    void anyLockRefusesManualDeletion() {
        VaultLockRules.checkManualDeletion(Optional.empty());
        assertThatThrownBy(() -> VaultLockRules.checkManualDeletion(Optional.of(LIMITED)))
                .hasMessage("Recovery points cannot be deleted because this Backup vault has an active vault lock.");
    }
}
