package dev.hokan.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one-line reason a command prints before exiting non-zero. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable failure) {
        return switch (failure) {
            case NoSuchFileException e -> "no such file or directory: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileSystemException e -> e.getMessage();
            case InterruptedException e -> "interrupted";
            case UncheckedIOException e when e.getCause() != null && e.getMessage() != null
                    && !e.getMessage().equals(e.getCause().toString()) -> e.getMessage() + ": " + describe(e.getCause());
            default -> failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        };
    }
}
