package dev.hokan.engine.resource.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commit times in a directory of WAL segments, as PostgreSQL's {@code pg_waldump} (of the data directory's major
 * version) reads them, in UTC.
 */
final class WalCommits {
    private static final Pattern COMMIT = Pattern.compile("lsn: ([0-9A-F]+/[0-9A-F]+), .*desc: COMMIT(?:_PREPARED)?"
            + " .*?(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) UTC");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final Path dataDirectory;
    private final Path wal;
    private final int timeline;
    private final long start;

    WalCommits(Path dataDirectory, Path wal, int timeline, long start) {
        this.dataDirectory = dataDirectory;
        this.wal = wal;
        this.timeline = timeline;
        this.start = start;
    }

    /**
     * Where the first transaction committed after {@code time} in the WAL from {@code start} on has its commit record,
     * if one did. The WAL is read in order and only until that commit, so a restore reads little of it beyond the
     * moment asked for.
     */
    OptionalLong firstCommitAfter(Instant time) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PostgresPrograms.of(dataDirectory, "pg_waldump").toString(), "--path=" + wal,
                "--timeline=" + timeline, "--start=" + WalPositions.text(start), "--rmgr=Transaction")
                .redirectErrorStream(true);
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        int commits = 0;
        StringBuilder other = new StringBuilder();
        try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = COMMIT.matcher(line);
                if (m.find()) {
                    commits++;
                    if (LocalDateTime.parse(m.group(2), TIME).toInstant(ZoneOffset.UTC).isAfter(time)) {
                        process.destroy();
                        process.waitFor();
                        return OptionalLong.of(WalPositions.parse(m.group(1)));
                    }
                } else if (!line.startsWith("rmgr:")) {
                    other.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("pg_waldump did not end");
        }
        // pg_waldump reads until the WAL ends, which it reports as an error in the last record
        if (process.exitValue() != 0 && commits == 0 && !other.toString().contains("error in WAL record")) {
            throw new IOException("pg_waldump failed: " + other.toString().strip());
        }
        return OptionalLong.empty();
    }
}
