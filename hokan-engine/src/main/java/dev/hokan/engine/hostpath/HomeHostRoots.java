package dev.hokan.engine.hostpath;

import java.nio.file.Path;
import java.util.List;

/**
 * The host paths the operator gives the home account when the server starts ({@code --source-roots},
 * {@code --restore-roots}). Unconfined, when neither is given, the home account may use any host path that no
 * account is denied; confined, it has exactly these roots, plus what the operator grants it.
 */
public record HomeHostRoots(boolean confined, List<Path> sourceRoots, List<Path> restoreRoots) {
    public static final HomeHostRoots UNCONFINED = new HomeHostRoots(false, List.of(), List.of());

    public HomeHostRoots {
        sourceRoots = List.copyOf(sourceRoots);
        restoreRoots = List.copyOf(restoreRoots);
        if (!confined && !(sourceRoots.isEmpty() && restoreRoots.isEmpty())) {
            throw new IllegalArgumentException("Unconfined home roots list no roots");
        }
    }

    /** The home account confined to these roots; giving either list confines both uses. */
    public static HomeHostRoots confined(List<Path> sourceRoots, List<Path> restoreRoots) {
        return new HomeHostRoots(true, sourceRoots, restoreRoots);
    }
}
