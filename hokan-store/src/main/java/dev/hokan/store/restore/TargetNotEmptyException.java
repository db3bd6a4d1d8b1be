package dev.hokan.store.restore;

import java.io.IOException;
import java.nio.file.Path;

public final class TargetNotEmptyException extends IOException {
    public TargetNotEmptyException(Path target) {
        super("restore target " + target + " is not empty; choose an empty directory or allow overwriting");
    }
}
