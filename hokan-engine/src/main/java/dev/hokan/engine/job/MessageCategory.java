package dev.hokan.engine.job;

import java.util.Arrays;
import java.util.Optional;

/**
 * The MessageCategory of a job that has ended, which follows from its final state: SUCCESS for a COMPLETED job
 * (AWS's console calls a COMPLETED job of another category "completed with issues"; Hokan ends such a backup
 * PARTIAL), otherwise the state's own name. A job that has not ended has no category yet.
 */
public enum MessageCategory {
    SUCCESS("COMPLETED"), PARTIAL("PARTIAL"), FAILED("FAILED"), ABORTED("ABORTED"), EXPIRED("EXPIRED");

    private final String state;

    MessageCategory(String state) {
        this.state = state;
    }

    /** The final state of the jobs in this category. */
    public String state() {
        return state;
    }

    /** The category named {@code name}; empty for ANY, AGGREGATE_ALL and any name that is not a category. */
    public static Optional<MessageCategory> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }

    /** The category of a job in {@code state}, the name of a state of any kind of job. */
    public static Optional<MessageCategory> of(String state) {
        return Arrays.stream(values()).filter(c -> c.state.equals(state)).findFirst();
    }
}
