package dev.hokan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test directory trees: making them and comparing two byte for byte. */
final class Trees {
    private Trees() {
    }

    static Path sample(Path dir, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(dir.resolve("docs/deep/er"));
        Files.writeString(dir.resolve("README.txt"), "保管 backup test " + seed);
        Files.writeString(dir.resolve("docs/empty.txt"), "");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        random.nextBytes(big);
        Files.write(dir.resolve("docs/deep/er/random.bin"), big);
        byte[] repetitive = ("line of text " + seed + "\n").repeat(20_000).getBytes();
        Files.write(dir.resolve("docs/log.txt"), repetitive);
        Files.createDirectories(dir.resolve("empty-dir"));
        return dir;
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        List<String> e = listing(expected);
        List<String> a = listing(actual);
        assertThat(a).containsExactlyElementsOf(e);
        for (String rel : e) {
            Path ef = expected.resolve(rel);
            if (Files.isRegularFile(ef)) {
                assertThat(Files.mismatch(ef, actual.resolve(rel))).as("content of %s", rel).isEqualTo(-1L);
            }
        }
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()
                    + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        }
    }
}
