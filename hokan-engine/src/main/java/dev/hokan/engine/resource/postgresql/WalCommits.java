package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commit times in a directory of WAL segments that a restore fills in order, as PostgreSQL's {@code pg_waldump} (of
 * the data directory's major version) reads them, in UTC. Each call reads the WAL that has come since the last, from
 * the last transaction record that call saw: every record is read whole once it has all arrived, however many
 * segments it spans.
 */
final class WalCommits {
    private static final Pattern COMMIT = Pattern.compile("desc: COMMIT(?:_PREPARED)?"
            + " .*?(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) UTC");
    private static final Pattern POSITION = Pattern.compile("lsn: ([0-9A-F]+/[0-9A-F]+),");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final Path dataDirectory;
    private final Path wal;
    private final int timeline;
    private long resumeAt;

    /** {@code start}, where reading begins, is the start of a record: a base backup's start. */
    WalCommits(Path dataDirectory, Path wal, int timeline, long start) {
        this.dataDirectory = dataDirectory;
        this.wal = wal;
        this.timeline = timeline;
        this.resumeAt = start;
    }

    /**
     * Where the first transaction committed after {@code time} has its commit record, if it is among the records that
     * end by {@code end} (the end of the segments there so far). The WAL is read in order and only until that commit,
     * so a restore reads little of it beyond the moment asked for.
     */
    OptionalLong firstCommitAfter(Instant time, long end) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PostgresPrograms.of(dataDirectory, "pg_waldump").toString(), "--path=" + wal,
                "--timeline=" + timeline, "--start=" + WalPositions.text(resumeAt), "--end=" + WalPositions.text(end),
                "--rmgr=Transaction").redirectErrorStream(true);
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        int records = 0;
        StringBuilder other = new StringBuilder();
        try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher position = POSITION.matcher(line);
                if (!line.startsWith("rmgr:") || !position.find()) {
                    other.append(line).append('\n');
                    continue;
                }
                records++;
                long at = WalPositions.parse(position.group(1));
                Matcher commit = COMMIT.matcher(line);
                if (commit.find(position.end())
                        && LocalDateTime.parse(commit.group(1), TIME).toInstant(ZoneOffset.UTC).isAfter(time)) {
                    process.destroy();
                    process.waitFor();
                    return OptionalLong.of(at);
                }
                resumeAt = at;
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("pg_waldump did not end");
        }
        // the WAL sealed last ends in zeros, which pg_waldump reports as an error in the record it could not read
        if (process.exitValue() != 0 && records == 0 && !other.toString().contains("error in WAL record")) {
            throw new IOException("pg_waldump failed: " + other.toString().strip());
        }
        return OptionalLong.empty();
    }
}
