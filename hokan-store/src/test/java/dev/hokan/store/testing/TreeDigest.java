package dev.hokan.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A fingerprint of a directory's names, types, content, modes and symlink targets, to compare a restore with its source. */
public final class TreeDigest {
    private TreeDigest() {
    }

    public static String of(Path root) {
        return of(root, relative -> true);
    }

    /** The fingerprint of only those paths whose relative form ('/' separators) {@code included} accepts. */
    public static String of(Path root, Predicate<String> included) {
        try (Stream<Path> walk = Files.walk(root)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> paths = walk.filter(p -> !p.equals(root) && included.test(root.relativize(p).toString())).sorted().toList();
            for (Path path : paths) {
                String relative = root.relativize(path).toString();
                digest.update((relative + "\0").getBytes());
                if (Files.isSymbolicLink(path)) {
                    digest.update(("L" + Files.readSymbolicLink(path)).getBytes());
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    digest.update(("D" + mode(path)).getBytes());
                } else {
                    digest.update(("F" + mode(path) + ":").getBytes());
                    digest.update(Files.readAllBytes(path));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
