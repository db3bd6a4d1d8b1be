package dev.hokan.catalog.cell.job;

/** The kinds of job, each kept in a table of its own. */
public enum JobType {
    BACKUP, RESTORE, COPY;

    public static JobType of(Job job) {
        return switch (job) {
            case BackupJob j -> BACKUP;
            case RestoreJob j -> RESTORE;
            case CopyJob j -> COPY;
        };
    }
}
