package dev.hokan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A log entry is one line, whatever its message and failure hold, so journalctl and grep see it whole. */
class LogLineTest {
    @Test
    void aFailureWithItsCausesStaysOnOneLine() {
        LogRecord record = new LogRecord(Level.SEVERE, "Request 42 failed\non two lines");
        record.setLoggerName("dev.hokan.api.ApiHandler");
        record.setInstant(Instant.parse("2026-12-03T08:00:00.125Z"));
        IllegalStateException failure = new IllegalStateException("catalog closed", new IOException("disk full"));
        record.setThrown(failure);

        String line = new LogLine().format(record);

        assertEquals("2026-12-03T08:00:00.125Z SEVERE ApiHandler: Request 42 failed on two lines:"
                + " java.lang.IllegalStateException: catalog closed <- java.io.IOException: disk full at "
                + failure.getStackTrace()[0] + System.lineSeparator(), line);
    }
}
