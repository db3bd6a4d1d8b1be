package dev.hokan.store.restore;

import dev.hokan.store.ChunkId;
import dev.hokan.store.tree.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a restore whose content is the same as that of an earlier file of it, chunk for chunk: a copied
 * directory, a file kept under two names that are not hard links. Each is written together with the first of them,
 * from the chunks loaded once, rather than when the walk reaches it: by then the packs holding those chunks were read
 * long ago, and a store far away would fetch them again (the benchmark's copies, first in the walk, and their
 * originals cost a restore from S3 about twenty of its 170-185 GETs).
 * <p>
 * Hard-linked files are left out, as they are linked to their first name instead; so are the files before
 * {@code from}, which an earlier run of the restore may have completed, so that a first file is always restored.
 */
final class Twins {
    /** At most this many files are written with one first file: the content of each is open while it is written. */
    static final int MOST = 16;

    /** For each first file (its place in the walk), the later files with its content. */
    private final Map<Integer, List<Integer>> byFirst = new HashMap<>();
    private final boolean[] twin;

    Twins(List<Node> files, long from) {
        twin = new boolean[files.size()];
        Map<List<ChunkId>, Integer> firstWith = new HashMap<>();
        for (int i = (int) Math.min(from, files.size()); i < files.size(); i++) {
            Node file = files.get(i);
            if (file.links() > 1 || file.content().isEmpty()) {
                continue;
            }
            Integer first = firstWith.putIfAbsent(file.content(), i);
            if (first == null) {
                continue;
            }
            List<Integer> twins = byFirst.computeIfAbsent(first, f -> new ArrayList<>());
            twins.add(i);
            twin[i] = true;
            if (twins.size() == MOST) {
                // the next file with this content starts a group of its own
                firstWith.remove(file.content());
            }
        }
    }

    /** The later files written with the {@code index}-th one, in the order of the walk. */
    List<Integer> of(int index) {
        return byFirst.getOrDefault(index, List.of());
    }

    /** Whether the {@code index}-th file is written with an earlier one. */
    boolean isTwin(int index) {
        return twin[index];
    }
}
