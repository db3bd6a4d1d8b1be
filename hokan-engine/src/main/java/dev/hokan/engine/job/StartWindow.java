package dev.hokan.engine.job;

import java.time.Instant;

/** When a waiting job must have started by, and what set that time (shown in the job's status message). */
public record StartWindow(Instant endsAt, String what) {
}
