package dev.hokan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The {@code hokan} command run as a process of its own, its output kept in files under a directory. */
final class CliProcess {
    private CliProcess() {
    }

    record Result(int exit, String out, String err) {
        String lastLine() {
            return out.lines().toList().getLast();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the command, its stdout and stderr going to files in {@code dir}, and waits for it. */
    static Result run(ProcessBuilder command, Path dir) throws IOException, InterruptedException {
        command.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        Process process = command.start();
        // a generous limit only so that a hang fails instead of blocking the build; not a timing assertion
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command.command()) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }
}
