package dev.hokan.engine.lifecycle;

import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.ServiceException;
import java.util.Objects;

/** The retention rules every lifecycle obeys, wherever it is given (rules, copy actions, jobs, points). */
public final class LifecycleRules {
    public static final long MAX_DAYS = 36_500;
    static final long MIN_COLD_DAYS = 90;
    static final long MAX_CONTINUOUS_DAYS = 35;
    /** UpdateRecoveryPointLifecycle with this in both day counts removes the lifecycle. */
    static final long REMOVE = -1;

    private LifecycleRules() {
    }

    /**
     * @param context prefix naming where the lifecycle came from, e.g. {@code "Error in rule daily : "}
     * @param continuous whether the lifecycle belongs to a continuous-backup rule
     */
    public static Lifecycle check(String context, Lifecycle lifecycle, boolean continuous) {
        if (lifecycle == null) {
            return Lifecycle.KEEP_FOREVER;
        }
        Long cold = lifecycle.moveToColdStorageAfterDays();
        Long delete = lifecycle.deleteAfterDays();
        if (continuous && cold != null) {
            throw invalid(context, "MoveToColdStorageAfterDays is unavailable");
        }
        if (delete != null && (delete < 1 || delete > MAX_DAYS)) {
            throw invalid(context, "DeleteAfterDays cannot be less than 1 or more than " + MAX_DAYS + " days");
        }
        if (cold != null && (cold < 1 || cold > MAX_DAYS)) {
            throw invalid(context, "MoveToColdStorageAfterDays cannot be less than 1 or more than " + MAX_DAYS
                    + " days");
        }
        if (continuous && delete != null && delete > MAX_CONTINUOUS_DAYS) {
            throw invalid(context, "DeleteAfterDays cannot be more than " + MAX_CONTINUOUS_DAYS
                    + " days for continuous backups");
        }
        if (cold != null && delete != null && delete < cold + MIN_COLD_DAYS) {
            throw invalid(context, "DeleteAfterDays cannot be less than " + MIN_COLD_DAYS
                    + " days apart from MoveToColdStorageAfterDays");
        }
        return lifecycle;
    }

    /** A lifecycle for UpdateRecoveryPointLifecycle: -1 in both day counts keeps the point forever. */
    public static Lifecycle checkUpdate(Lifecycle lifecycle) {
        if (lifecycle != null && Objects.equals(lifecycle.moveToColdStorageAfterDays(), REMOVE)
                && Objects.equals(lifecycle.deleteAfterDays(), REMOVE)) {
            return Lifecycle.KEEP_FOREVER;
        }
        return check("", lifecycle, false);
    }

    /**
     * A point in cold storage stays there: its MoveToColdStorageAfterDays can be neither changed nor removed.
     *
     * @param arn the point's ARN, for the message
     */
    public static void checkColdDay(RecoveryPoint point, String arn, Lifecycle requested) {
        Long cold = point.lifecycle().moveToColdStorageAfterDays();
        if (point.storageClass() == StorageClass.COLD
                && !Objects.equals(cold, requested.moveToColdStorageAfterDays())) {
            throw ServiceException.invalidRequest("Recovery point " + arn + " is already in cold storage, so its"
                    + " MoveToColdStorageAfterDays (" + cold + ") can no longer be changed or removed");
        }
    }

    /** Whether {@code after} deletes a point earlier than {@code before} does; no DeleteAfterDays keeps it forever. */
    public static boolean shortensRetention(Lifecycle before, Lifecycle after) {
        Long was = before.deleteAfterDays();
        Long now = after.deleteAfterDays();
        return now != null && (was == null || now < was);
    }

    private static ServiceException invalid(String context, String problem) {
        return ServiceException.invalidParameter(context + "Invalid lifecycle. " + problem);
    }
}
