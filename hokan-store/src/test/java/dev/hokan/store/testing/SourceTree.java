package dev.hokan.store.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Deterministic random source directories and edits of them, for backup tests. */
public final class SourceTree {
    private final Path root;
    private final Random random;

    public SourceTree(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** Creates {@code files} files of up to {@code maxSize} bytes in a few nested directories, some compressible. */
    public SourceTree populate(int files, int maxSize) throws IOException {
        Files.createDirectories(root.resolve("empty"));
        for (int i = 0; i < files; i++) {
            Path file = root.resolve("d" + random.nextInt(4)).resolve("s" + random.nextInt(3)).resolve("f" + i);
            Files.createDirectories(file.getParent());
            Files.write(file, content(random.nextInt(maxSize)));
        }
        return this;
    }

    /** Rewrites, appends to, deletes and adds a few files. */
    public void mutate() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            int action = random.nextInt(10);
            if (action == 0) {
                Files.write(file, content(random.nextInt(200_000)));
            } else if (action == 1) {
                Files.write(file, content(random.nextInt(5000)), java.nio.file.StandardOpenOption.APPEND);
            } else if (action == 2) {
                Files.delete(file);
            }
        }
        Path added = root.resolve("new").resolve("n" + random.nextInt(1_000_000));
        Files.createDirectories(added.getParent());
        Files.write(added, content(random.nextInt(300_000)));
    }

    private byte[] content(int size) {
        byte[] data = new byte[size];
        if (random.nextBoolean()) {
            random.nextBytes(data);
        } else {
            byte[] words = "alpha beta gamma delta epsilon zeta eta theta iota kappa ".getBytes();
            for (int i = 0; i < size; i++) {
                data[i] = words[(i + random.nextInt(3)) % words.length];
            }
        }
        return data;
    }
}
