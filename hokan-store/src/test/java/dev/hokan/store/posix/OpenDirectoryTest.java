package dev.hokan.store.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A directory a backup reads through its descriptor: what it lists, looks at and opens is inside it, and stays so. */
class OpenDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void namesAreListedByteForByteAsTheJdkListsThemOverManyReads() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        // 3,000 entries of 60-byte names fill the 32 KiB listing buffer several times over
        for (int i = 0; i < 3000; i++) {
            Files.createFile(source.resolve("entry-%055d".formatted(i)));
        }
        Files.createDirectory(source.resolve(".hidden"));
        Process odd = new ProcessBuilder("sh", "-c",
                "touch \"$(printf 'name-\\377')\" && mkdir \"$(printf 'dir-\\375\\200')\"")
                .directory(source.toFile()).start();
        assertEquals(0, odd.waitFor());

        try (OpenDirectory directory = OpenDirectory.open(source)) {
            List<String> names = new ArrayList<>(directory.names());
            List<String> throughJdk = new ArrayList<>(directory.namesThroughJdk());
            names.sort(null);
            throughJdk.sort(null);
            assertEquals(3003, names.size());
            assertEquals(throughJdk, names);
            assertFalse(names.contains(".") || names.contains(".."));
            assertTrue(names.contains(FileNames.decode("name-\377".getBytes(StandardCharsets.ISO_8859_1))));
            assertTrue(directory.status(FileNames.decode("dir-\375\200".getBytes(StandardCharsets.ISO_8859_1)))
                    .isDirectory());
        }
    }

    /**
     * A subdirectory opened keeps being the directory the walk entered when its name is given to a symlink meanwhile,
     * and the symlink in its place is neither entered nor read through.
     */
    @Test
    void aDirectorySwappedForASymlinkIsNotFollowed() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(Files.createDirectory(source.resolve("sub")).resolve("inside"), "mine");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not part of the source");

        try (OpenDirectory top = OpenDirectory.open(source); OpenDirectory sub = top.directory("sub")) {
            Files.move(source.resolve("sub"), source.resolve("moved"));
            Files.createSymbolicLink(source.resolve("sub"), outside);

            assertEquals(List.of("inside"), sub.names());
            assertEquals("mine", read(sub.file("inside")));
            assertTrue(top.status("sub").isSymbolicLink());
            assertThrows(IOException.class, () -> top.directory("sub"));
            assertThrows(IOException.class, () -> top.file("sub"));
        }
        Files.createSymbolicLink(source.resolve("link"), outside.resolve("secret"));
        try (OpenDirectory top = OpenDirectory.open(source)) {
            assertThrows(IOException.class, () -> top.file("link"));
        }
        assertThrows(IOException.class, () -> OpenDirectory.open(source.resolve("sub")),
                "the root, too, is no symlink");
    }

    /** Content, status and attributes all come from the file opened, even after another file takes its name. */
    @Test
    void aFileOpenedIsReadAndLookedAtThroughItsDescriptor() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        byte[] content = new byte[700_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(source.resolve("file"), content);
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("comment", ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)));
        long inode = Posix.status(file).inode();

        try (OpenDirectory top = OpenDirectory.open(source); SourceFile opened = top.file("file")) {
            Path other = Files.writeString(source.resolve("other"), "replacement");
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
            assertNotEquals(inode, Posix.status(file).inode());

            assertEquals(inode, opened.status().inode());
            assertEquals(content.length, opened.status().size());
            assertEquals(List.of("user.comment"),
                    opened.extendedAttributes().stream().map(ExtendedAttribute::name).toList());
            assertArrayEquals(content, readAll(opened));
            assertEquals(-1, opened.read(ByteBuffer.allocate(10)));
        }
        try (OpenDirectory top = OpenDirectory.open(source)) {
            assertEquals("replacement", read(top.file("file")));
            assertEquals(Posix.status(source), top.status());
        }
    }

    /** A named pipe that took a file's name between its status and its opening never holds the walk up. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNamedPipeInAFilesPlaceIsOpenedWithoutWaitingForAWriter() throws IOException {
        Posix.makeNode(dir.resolve("pipe"), 0010600, 0);
        try (OpenDirectory top = OpenDirectory.open(dir); SourceFile pipe = top.file("pipe")) {
            assertTrue(pipe.status().isOther());
            assertEquals(-1, pipe.read(ByteBuffer.allocate(10)), "no writer: nothing to read");
        }
    }

    @Test
    void aReadOnAnInterruptedThreadClosesTheFile() throws IOException {
        Files.writeString(dir.resolve("file"), "content");
        try (OpenDirectory top = OpenDirectory.open(dir); SourceFile file = top.file("file")) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class, () -> file.read(ByteBuffer.allocate(10)));
            } finally {
                Thread.interrupted();
            }
            assertFalse(file.isOpen());
        }
    }

    private static String read(SourceFile file) throws IOException {
        try (file) {
            return new String(readAll(file), StandardCharsets.UTF_8);
        }
    }

    /** Reads in slices of odd sizes, into heap and direct buffers by turns. */
    private static byte[] readAll(SourceFile file) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int turn = 0; ; turn++) {
            ByteBuffer buffer = turn % 2 == 0 ? ByteBuffer.allocate(100_003) : ByteBuffer.allocateDirect(77_777);
            buffer.position(3);
            int read = file.read(buffer);
            if (read < 0) {
                return all.toByteArray();
            }
            assertEquals(3 + read, buffer.position());
            byte[] slice = new byte[read];
            buffer.flip().position(3);
            buffer.get(slice);
            all.writeBytes(slice);
        }
    }
}
