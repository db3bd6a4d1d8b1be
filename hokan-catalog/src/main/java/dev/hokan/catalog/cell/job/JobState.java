package dev.hokan.catalog.cell.job;

/** The state of a job of any kind; each kind has its own enum of states. */
public sealed interface JobState permits BackupJobState, RestoreJobStatus, CopyJobState {
    String name();

    /** Whether the job has ended and never changes state again. */
    boolean isFinal();
}
