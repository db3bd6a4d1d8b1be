package dev.hokan.store.verify;

import dev.hokan.store.ChunkId;
import dev.hokan.store.parts.VaultParts;
import dev.hokan.store.snapshot.Manifest;
import dev.hokan.store.tree.Node;
import dev.hokan.store.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a directory a snapshot was restored into with the snapshot itself: every entry the snapshot holds must be
 * there with its type, every symbolic link with its target, and every file must hash, piece by piece, to the chunk
 * IDs the snapshot recorded for it (the keyed content hashes, each piece as long as its chunk). It reads the
 * snapshot's trees only, never its data, so it proves what was written, not what the vault holds.
 */
public final class RestoredCheck {
    private static final int SHOWN = 10;

    private final VaultParts vault;
    private final List<String> differences = new ArrayList<>();
    private int found;

    @SuppressWarnings("exports")
    public RestoredCheck(VaultParts vault) {
        this.vault = vault;
    }

    /** How {@code directory} differs from the snapshot: at most ten differences, then how many more there are. */
    public List<String> differences(Manifest manifest, Path directory) throws IOException {
        walk(vault.loader().tree(manifest.root()), directory, "");
        if (found > SHOWN) {
            differences.add((found - SHOWN) + " more difference(s)");
        }
        return List.copyOf(differences);
    }

    private void walk(Tree tree, Path directory, String prefix) throws IOException {
        for (Node node : tree.nodes()) {
            Path path = directory.resolve(node.name());
            String shown = prefix + node.name();
            switch (node.type()) {
                case DIRECTORY -> {
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        walk(vault.loader().tree(node.subtree()), path, shown + "/");
                    } else {
                        differ(shown + ": the directory is missing");
                    }
                }
                case FILE -> checkFile(node, path, shown);
                case SYMLINK -> {
                    if (!Files.isSymbolicLink(path)) {
                        differ(shown + ": the symbolic link is missing");
                    } else if (!Files.readSymbolicLink(path).toString().equals(node.linkTarget())) {
                        differ(shown + ": the symbolic link points to " + Files.readSymbolicLink(path) + ", not "
                                + node.linkTarget());
                    }
                }
                default -> {
                    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                        differ(shown + ": the special file is missing");
                    }
                }
            }
        }
    }

    private void checkFile(Node node, Path path, String shown) throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            differ(shown + ": the file is missing");
            return;
        }
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            long offset = 0;
            for (ChunkId expected : node.content()) {
                int length = vault.loader().sizeOf(expected);
                byte[] piece = in.readNBytes(length);
                if (piece.length < length || !vault.keys().hasher().hash(piece, 0, length).equals(expected)) {
                    differ(shown + ": the content at byte " + offset + " does not hash to chunk " + expected);
                    return;
                }
                offset += length;
            }
            if (in.read() >= 0) {
                differ(shown + ": the file is longer than the " + offset + " bytes the recovery point holds");
            }
        }
    }

    private void differ(String difference) {
        if (++found <= SHOWN) {
            differences.add(difference);
        }
    }
}
