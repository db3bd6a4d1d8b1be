import dev.hokan.store.chunk.Chunker;
import dev.hokan.store.chunk.ChunkerParams;
import dev.hokan.store.chunk.ChunkingReader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How chunk sizes trade deduplication against chunk count: for each candidate (min/average/max), chunks the
 * dataset before and after the benchmark's mutation and reports unique bytes, chunks, and the bytes a backup
 * after the mutation has to store. Run by bench/chunk-sizes.
 */
public class ChunkSizeStudy {
    public static void main(String[] args) throws Exception {
        Path before = Path.of(args[0]);
        Path after = Path.of(args[1]);
        List<ChunkerParams> candidates = List.of(
                new ChunkerParams(64 << 10, 256 << 10, 1 << 20),
                new ChunkerParams(128 << 10, 512 << 10, 2 << 20),
                new ChunkerParams(256 << 10, 1 << 20, 4 << 20),
                new ChunkerParams(512 << 10, 2 << 20, 8 << 20));
        System.out.printf("%-22s %12s %12s %14s %14s%n", "min/avg/max KiB", "chunks v1", "unique MiB", "new after mut.", "chunks/100TB");
        for (ChunkerParams params : candidates) {
            Set<String> first = new HashSet<>();
            long[] unique = new long[1];
            chunkAll(before, params, first, unique);
            Set<String> second = new HashSet<>(first);
            long[] added = new long[1];
            chunkAll(after, params, second, added);
            System.out.printf("%-22s %12d %12.1f %12.1f MiB %14.2e%n",
                    (params.min() >> 10) + "/" + (params.average() >> 10) + "/" + (params.max() >> 10),
                    first.size(), unique[0] / 1048576.0, added[0] / 1048576.0, 100e12 / (unique[0] / (double) first.size()));
        }
    }

    private static void chunkAll(Path root, ChunkerParams params, Set<String> seen, long[] newBytes) throws Exception {
        ChunkingReader reader = new ChunkingReader(new Chunker(params, 1));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                try (FileChannel channel = FileChannel.open(file)) {
                    reader.read(channel, (buffer, offset, length) -> {
                        sha.update(buffer, offset, length);
                        if (seen.add(HexFormat.of().formatHex(sha.digest()))) {
                            newBytes[0] += length;
                        }
                    });
                }
            }
        }
    }
}
