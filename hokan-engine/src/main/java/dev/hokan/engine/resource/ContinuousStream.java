package dev.hokan.engine.resource;

import dev.hokan.store.ProgressListener;
import dev.hokan.store.backup.BackupResult;
import dev.hokan.store.backup.FinishSignal;
import java.io.IOException;

/** A running continuous backup of one point. */
public interface ContinuousStream extends AutoCloseable {
    /** Takes a base backup of the resource into the point now (the rule's scheduled backup). */
    BackupResult baseBackup(ProgressListener progress, FinishSignal finish) throws IOException, InterruptedException;

    /** The resource as the point records its source. */
    String location();

    /** Ends the continuous protection: stops streaming and frees what it held at the resource. */
    void end();

    /** Stops streaming (the server stops); what the resource keeps for the stream stays, so it resumes later. */
    @Override
    void close();
}
