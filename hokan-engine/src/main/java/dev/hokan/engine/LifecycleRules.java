package dev.hokan.engine;

import dev.hokan.catalog.Lifecycle;

/** The retention rules every lifecycle obeys, wherever it is given (rules, copy actions, jobs, points). */
public final class LifecycleRules {
    static final long MAX_DAYS = 36_500;
    static final long MIN_COLD_DAYS = 90;
    static final long MAX_CONTINUOUS_DAYS = 35;

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

    private static ServiceException invalid(String context, String problem) {
        return ServiceException.invalidParameter(context + "Invalid lifecycle. " + problem);
    }
}
