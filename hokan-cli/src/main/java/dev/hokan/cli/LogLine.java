package dev.hokan.cli;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's log format: one plain line per record, so that journalctl and grep see whole entries. Time (UTC),
 * level, the logger's last name, the message and, for a failure, its exceptions and where the first one arose.
 */
final class LogLine extends Formatter {

    /** Formats every record of the process this way; the JDK's console handler writes them to stderr. */
    static void install() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new LogLine());
        }
    }

    @Override
    public String format(LogRecord record) {
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        StringBuilder line = new StringBuilder(160)
                .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(name.substring(name.lastIndexOf('.') + 1)).append(": ")
                .append(formatMessage(record));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            StackTraceElement[] frames = thrown.getStackTrace();
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                line.append(t == thrown ? ": " : " <- ").append(t);
            }
            if (frames.length > 0) {
                line.append(" at ").append(frames[0]);
            }
        }
        return line.toString().replaceAll("\\R", " ") + System.lineSeparator();
    }
}
